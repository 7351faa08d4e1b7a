package dev.llmrouter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.Secret;
import dev.llmrouter.spi.provider.ProviderType;
import okhttp3.Request;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RedactorTest {

    private final ProviderConfig config = ProviderConfig.builder("cloud", ProviderType.OPENAI)
            .baseUrl("https://api.example.com").apiKey(Secret.of("sk-top-secret-1"))
            .header("X-Custom-Token", "tok-hidden-2").header("X-Team", "blue").build();

    @Test
    void describeMasksSensitiveHeadersAndConfiguredSecrets() {
        Redactor r = Redactor.forProvider(config);
        Request req = new Request.Builder().url("https://api.example.com/v1/models?key=sk-top-secret-1")
                .header("Authorization", "Bearer sk-top-secret-1").header("x-api-key", "sk-top-secret-1")
                .header("api-key", "other-secret").header("X-Custom-Token", "tok-hidden-2").header("X-Team", "blue").build();
        String line = r.describe(req);
        assertThat(line).doesNotContain("sk-top-secret-1").doesNotContain("other-secret").doesNotContain("tok-hidden-2");
        assertThat(line).contains("Authorization: ****").contains("x-api-key: ****").contains("api-key: ****")
                .contains("X-Team: blue").contains("GET https://api.example.com/v1/models?key=****");
    }

    @Test
    void redactsSecretsAndBearerTokensInFreeText() {
        Redactor r = Redactor.forProvider(config);
        assertThat(r.redact("key sk-top-secret-1 and tok-hidden-2, Authorization: Bearer xyz123"))
                .isEqualTo("key **** and ****, Authorization: Bearer ****");
        assertThat(r.redact(null)).isNull();
    }

    @Test
    void shortSecretsAreNotSearchedFor() {
        assertThat(Redactor.of(java.util.List.of("ab")).redact("abc")).isEqualTo("abc");
    }
}
