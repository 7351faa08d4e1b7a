package dev.llmrouter.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.llmrouter.api.ConfigException;
import dev.llmrouter.config.ConfigLoader;
import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.LoadResult;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.Secret;
import dev.llmrouter.internal.http.HttpTransport;
import dev.llmrouter.internal.http.Redactor;
import dev.llmrouter.spi.provider.ProviderType;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, defects 2 and 3: a key with a Windows line ending ({@code sk-...\r}, from a .env file)
 * leaked in full through OkHttp's header message, and a key pasted into the wrong field was echoed
 * by configuration errors. Validation now rejects such a key naming provider and field, never the
 * value; a header that cannot be built is a configuration error without the value; the one
 * redactor masks the key trimmed and any 8+ character fragment of it.
 */
@Tag("unit")
class SecretsStayOutOfMessagesTest {
    private static final String KEY = "sk-proj-Q7vX2mN9pL4kR8tW";

    private static String yaml(String apiKeyLine) {
        return "providers:\n  cloud:\n    type: openai\n    base_url: https://api.openai.com/v1\n    " + apiKeyLine + "\nmodels:\n  g:\n    deployments:\n"
                + "      - {provider: cloud, model: gpt-4o-mini}\n";
    }

    private static void assertNoFragmentOfTheKey(List<ConfigProblem> problems) {
        assertThat(problems).isNotEmpty().allSatisfy(p -> {
            assertThat(p.format()).doesNotContain(KEY.substring(0, 8)).doesNotContain(KEY.substring(KEY.length() - 8));
        });
    }

    @Test
    void aKeyWithAWindowsLineEndingIsRejectedNamingProviderAndVariableNotTheValue() {
        LoadResult r = ConfigLoader.readString(yaml("api_key: \"${OPENAI_KEY}\""), "router.yaml",
                Map.of("OPENAI_KEY", KEY + "\r")::get);

        assertThat(r.errors()).extracting(ConfigProblem::format).containsExactly(
                "router.yaml:5:14: error: the API key of active provider 'cloud' has white space or a line ending around it"
                        + " (read from OPENAI_KEY) (remove it from the key; a .env file saved with Windows line endings adds"
                        + " a '\\r' to each value)");
        assertNoFragmentOfTheKey(r.problems());
    }

    @Test
    void aKeyWithAControlCharacterInsideIsRejected() {
        LoadResult r = ConfigLoader.readString(yaml("api_key: \"${OPENAI_KEY}\""), "router.yaml",
                Map.of("OPENAI_KEY", "sk-proj-Q7vX\u0007N9pL4kR8tW")::get);

        assertThat(r.errors()).extracting(ConfigProblem::message).containsExactly(
                "the API key of active provider 'cloud' contains a control character (code 7) (read from OPENAI_KEY)");
    }

    @Test
    void aKeyPastedIntoApiKeyEnvIsNotEchoed() {
        LoadResult r = ConfigLoader.readString(yaml("api_key_env: \"" + KEY + "\""), "router.yaml", k -> null);

        assertThat(r.errors()).extracting(ConfigProblem::message).contains(
                "api_key_env must name an environment variable (the value written is not one, and is not shown in case it"
                        + " is the key itself)");
        assertNoFragmentOfTheKey(r.problems());
    }

    @Test
    void aKeyPastedInsideAVariableReferenceIsNotEchoed() {
        LoadResult r = ConfigLoader.readString(yaml("api_key: \"${" + KEY + "}\""), "router.yaml", k -> null);

        assertThat(r.errors()).extracting(ConfigProblem::message).anyMatch(m -> m.startsWith(
                "a '${...}' reference does not name a valid variable"));
        assertNoFragmentOfTheKey(r.problems());
    }

    @Test
    void aHeaderThatCannotBeBuiltIsAConfigurationErrorWithoutTheValue() {
        ProviderConfig p = ProviderConfig.builder("cloud", ProviderType.OPENAI).apiKey(Secret.of(KEY + "\r")).build();

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> HttpTransport.header(new Request.Builder(), p, "Authorization", "Bearer " + KEY + "\r"));

        assertThat(e.getMessage()).isEqualTo("provider 'cloud': the value of header Authorization cannot be sent over HTTP"
                + " (white space around it, a control character or a character outside ASCII); the value is not shown");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void theRedactorMasksTheTrimmedKeyAndEveryLongFragmentOfIt() {
        Redactor r = Redactor.forProviders(List.of(
                ProviderConfig.builder("cloud", ProviderType.OPENAI).apiKey(Secret.of(KEY + "\r")).build()));

        assertThat(r.redact("Unexpected char 0x0d at 24 in Authorization value: Bearer " + KEY))
                .isEqualTo("Unexpected char 0x0d at 24 in Authorization value: Bearer ****");
        assertThat(r.redact("Incorrect API key provided: " + KEY.substring(0, 10) + "..." + KEY.substring(KEY.length() - 9)))
                .isEqualTo("Incorrect API key provided: ****...****");
        assertThat(r.redact("key " + KEY + " rejected")).isEqualTo("key **** rejected");
        assertThat(r.redact("an ordinary message about sk-proj")).isEqualTo("an ordinary message about sk-proj");
    }
}
