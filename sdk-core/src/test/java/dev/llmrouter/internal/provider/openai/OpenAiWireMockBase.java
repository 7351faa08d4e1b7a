package dev.llmrouter.internal.provider.openai;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.Secret;
import dev.llmrouter.spi.provider.ProviderStream;
import dev.llmrouter.spi.provider.ProviderType;
import dev.llmrouter.internal.provider.testing.AdapterCalls;
import dev.llmrouter.internal.provider.testing.ProviderWireMock;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The OpenAI contract tests' adapters and SSE bodies, over {@link ProviderWireMock}. */
abstract class OpenAiWireMockBase {
    static final String KEY = "sk-proj-abcdefghijklmnop";

    @RegisterExtension
    static final ProviderWireMock WM = ProviderWireMock.create();

    static ProviderConfig.Builder config(ProviderType type, String baseUrl) {
        return ProviderConfig.builder(type.wireName() + "-test", type).baseUrl(baseUrl).allowInsecureHttp(true);
    }

    OpenAiAdapter adapter(ProviderType type, String path) {
        return new OpenAiAdapter(config(type, WM.baseUrl() + path).apiKey(Secret.of(KEY)).build(), WM.resources());
    }

    OpenAiAdapter adapter(ProviderConfig config) {
        return new OpenAiAdapter(config, WM.resources());
    }

    /** SSE body: each JSON as one {@code data:} event. */
    static String sse(String... events) {
        StringBuilder sb = new StringBuilder();
        for (String e : events) {
            sb.append("data: ").append(e).append("\n\n");
        }
        return sb.toString();
    }

    static ResponseDefinitionBuilder sseResponse(String body) {
        return WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withHeader("x-request-id", "req-s")
                .withBody(body);
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return WireMock.aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** Reads a whole stream into a response, closing it. */
    static ChatResponse drain(ProviderStream stream) {
        try (stream) {
            return AdapterCalls.join(AdapterCalls.drain(stream));
        }
    }
}
