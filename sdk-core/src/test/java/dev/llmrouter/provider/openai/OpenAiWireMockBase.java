package dev.llmrouter.provider.openai;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.llmrouter.api.ChatChunk;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.StreamAccumulator;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.Secret;
import dev.llmrouter.provider.CallContext;
import dev.llmrouter.provider.ProviderResources;
import dev.llmrouter.provider.ProviderStream;
import dev.llmrouter.provider.ProviderType;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One WireMock server per test class and fresh shared resources per test. */
abstract class OpenAiWireMockBase {
    static final String KEY = "sk-proj-abcdefghijklmnop";
    static WireMockServer wm;
    ProviderResources resources;

    @BeforeAll
    static void startServer() {
        wm = new WireMockServer(wireMockConfig().dynamicPort());
        wm.start();
    }

    @AfterAll
    static void stopServer() {
        wm.stop();
    }

    @BeforeEach
    void setUpResources() {
        wm.resetAll();
        resources = ProviderResources.create();
    }

    @AfterEach
    void closeResources() {
        resources.close();
    }

    static ProviderConfig.Builder config(ProviderType type, String baseUrl) {
        return ProviderConfig.builder(type.wireName() + "-test", type).baseUrl(baseUrl).allowInsecureHttp(true);
    }

    OpenAiAdapter adapter(ProviderType type, String path) {
        return new OpenAiAdapter(config(type, wm.baseUrl() + path).apiKey(Secret.of(KEY)).build(), resources);
    }

    OpenAiAdapter adapter(ProviderConfig config) {
        return new OpenAiAdapter(config, resources);
    }

    static CallContext ctx() {
        return CallContext.of(Duration.ofSeconds(10));
    }

    static CallContext streamCtx() {
        return CallContext.forStream(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10));
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
        StreamAccumulator acc = new StreamAccumulator();
        try (stream) {
            for (ChatChunk c = stream.next(); c != null; c = stream.next()) {
                acc.add(c);
            }
        }
        return acc.toResponse();
    }
}
