package dev.llmrouter.internal.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.Secret;
import dev.llmrouter.spi.provider.ProviderType;
import okhttp3.Request;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The type check and the API key header rule the three adapters share. */
@Tag("unit")
class AdapterConfigsTest {
    private static final String KEY = "sk-secret-123456";

    private static ProviderConfig.Builder config() {
        return ProviderConfig.builder("p", ProviderType.OLLAMA).baseUrl("http://127.0.0.1:11434");
    }

    private static Request keyed(ProviderConfig config) {
        return AdapterConfigs.withApiKey(new Request.Builder().url("http://127.0.0.1/x"), config, "Authorization", "Bearer ").build();
    }

    @Test
    void theKeyGoesInTheNamedHeaderWithItsPrefix() {
        assertThat(keyed(config().apiKey(Secret.of(KEY)).build()).header("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void noOrAnEmptyKeyAddsNoHeader() {
        assertThat(keyed(config().build()).header("Authorization")).isNull();
        assertThat(keyed(config().apiKey(Secret.of("")).build()).header("Authorization")).isNull();
    }

    @Test
    void aConfiguredHeaderOfTheSameNameWinsWhateverItsCase() {
        Request r = keyed(config().apiKey(Secret.of(KEY)).header("authorization", "Basic gateway").build());
        assertThat(r.header("Authorization")).as("the transport adds configured headers; the key must not replace them").isNull();
    }

    @Test
    void requireTypeRejectsATypeTheAdapterDoesNotSpeak() {
        ProviderConfig ollama = config().build();
        assertThat(AdapterConfigs.requireType(ollama, ProviderType.OLLAMA::equals, "Ollama")).isSameAs(ollama);
        assertThatThrownBy(() -> AdapterConfigs.requireType(ollama, ProviderType::isOpenAiFamily, "OpenAI"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("provider p: type ollama is not spoken by the OpenAI adapter");
        assertThatThrownBy(() -> AdapterConfigs.requireType(null, ProviderType::isOpenAiFamily, "OpenAI"))
                .isInstanceOf(NullPointerException.class);
    }
}
