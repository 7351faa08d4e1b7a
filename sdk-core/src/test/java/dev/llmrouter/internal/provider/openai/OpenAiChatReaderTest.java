package dev.llmrouter.internal.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.Usage;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.internal.http.HttpResult;
import dev.llmrouter.internal.http.HttpTransport;
import dev.llmrouter.internal.http.Json;
import dev.llmrouter.internal.provider.ProviderResources;
import dev.llmrouter.spi.provider.ProviderType;
import java.nio.charset.StandardCharsets;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The streaming reader of whole answers reads the usual shape exactly as the tree mapper does, and
 * leaves every other shape to the tree (returns null), so the two never disagree.
 */
@Tag("unit")
class OpenAiChatReaderTest {
    private final ProviderResources resources = ProviderResources.create();
    private final OpenAiResponseMapper tree = new OpenAiResponseMapper(new HttpTransport(
            ProviderConfig.builder("p", ProviderType.OPENAI_COMPATIBLE).baseUrl("http://127.0.0.1:9/v1").build(), resources));

    @AfterEach
    void close() {
        resources.close();
    }

    private static HttpResult result(String body) {
        return new HttpResult(200, Headers.of("x-request-id", "req-1"), body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":"
                + "{\"role\":\"assistant\",\"content\":\"Hello \\\"there\\\" \\u00e9\"},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":1,\"audio_tokens\":0},\"completion_tokens_details\":{}},"
                + "\"system_fingerprint\":null}",
        "{\"choices\":[{\"message\":{\"content\":null,\"tool_calls\":[]},\"finish_reason\":\"length\"},{\"message\":{}}]}",
        "{\"id\":null,\"model\":\"m\",\"choices\":[{\"message\":{\"content\":\"x\"}}],\"usage\":null}",
        "{\"choices\":[{\"message\":{\"content\":\"x\"},\"finish_reason\":null}],"
                + "\"usage\":{\"prompt_tokens\":-4,\"prompt_cache_hit_tokens\":7}}",
    })
    void readsTheUsualShapeAsTheTreeDoes(String body) {
        ChatResponse fast = OpenAiChatReader.read(result(body));

        assertThat(fast).isNotNull();
        assertThat(fast).isEqualTo(tree.response(Json.parse(body), "req-1"));
    }

    @Test
    void readsEveryFieldOfAUsualAnswer() {
        ChatResponse r = OpenAiChatReader.read(result("{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"message\":"
                + "{\"content\":\"hi\"},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,"
                + "\"total_tokens\":5,\"prompt_tokens_details\":{\"cached_tokens\":1}}}"));

        assertThat(r.text()).isEqualTo("hi");
        assertThat(r.id()).isEqualTo("c1");
        assertThat(r.rawFinishReason()).contains("stop");
        assertThat(r.usage()).isEqualTo(new Usage(3, 2, 5, 1));
        assertThat(r.providerRequestId()).contains("req-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"error\":{\"message\":\"overloaded\"}}",
        "{\"error\":null,\"choices\":[{\"message\":{\"content\":\"x\"}}]}",
        "{\"choices\":[{\"message\":{\"content\":null,\"tool_calls\":[{\"id\":\"t\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}}]}",
        "{\"choices\":[{\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"a\"}]}}]}",
        "{\"choices\":[{\"message\":{\"content\":\"\"},\"finish_reason\":\"content_filter\"}]}",
        "{\"choices\":[]}",
        "{\"choices\":[{\"finish_reason\":\"stop\"}]}",
        "{\"id\":\"a\",\"id\":\"b\",\"choices\":[{\"message\":{\"content\":\"x\"}}]}",
        "{\"id\":7,\"choices\":[{\"message\":{\"content\":\"x\"}}]}",
        "{\"choices\":[{\"message\":{\"content\":\"x\"}}],\"usage\":{\"prompt_tokens\":\"3\"}}",
        "{\"choices\":[{\"message\":{\"content\":\"x\"}}]} trailing",
        "[1,2]",
        "not json",
    })
    void leavesEveryOtherShapeToTheTree(String body) {
        assertThat(OpenAiChatReader.read(result(body))).isNull();
    }

    @Test
    void leavesBytesThatAreNotUtf8ToTheTree() {
        byte[] body = "{\"choices\":[{\"message\":{\"content\":\"a?b\"}}]}".getBytes(StandardCharsets.UTF_8);
        body[new String(body, StandardCharsets.UTF_8).indexOf('?')] = (byte) 0xC3;
        assertThat(OpenAiChatReader.read(new HttpResult(200, Headers.of(), body))).isNull();
    }
}
