package dev.llmrouter.internal.routing.wire;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.Secret;
import dev.llmrouter.testing.canary.SecretsCanary;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/** OpenAI-compatible answers for WireMock stubs, as vLLM and OpenAI send them (WIRE.md section 1). */
final class Stubs {
    static final String CHAT = "/v1/chat/completions";

    private Stubs() {
    }

    static WireMockServer server() {
        WireMockServer s = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort().containerThreads(80)
                .jettyAcceptors(2));
        s.start();
        return s;
    }

    /** An OpenAI-compatible provider on that server. */
    static ProviderConfig provider(String name, WireMockServer server) {
        return ProviderConfig.builder(name, ProviderType.OPENAI_COMPATIBLE).baseUrl(server.baseUrl() + "/v1")
                .apiKey(Secret.of(SecretsCanary.OPENAI)).build();
    }

    /** A client like the router's default, whose pool the test can inspect. */
    static OkHttpClient client() {
        return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ZERO)
                .callTimeout(Duration.ZERO).connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES)).build();
    }

    static void close(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** Connections of the pool in use now. */
    static int busy(OkHttpClient client) {
        return client.connectionPool().connectionCount() - client.connectionPool().idleConnectionCount();
    }

    static ResponseDefinitionBuilder ok(String text) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(
                "{\"id\":\"cmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2,\"total_tokens\":5}}");
    }

    static ResponseDefinitionBuilder error(int status, String type, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(
                "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type + "\",\"param\":null,\"code\":"
                        + (code == null ? "null" : "\"" + code + "\"") + "}}");
    }

    static String chunk(String content, String finish) {
        return "data: {\"id\":\"cc-1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + (content == null ? "{}" : "{\"content\":\"" + content + "\"}") + ",\"finish_reason\":"
                + (finish == null ? "null" : "\"" + finish + "\"") + "}]}\n\n";
    }

    /** A whole stream of these words, one chunk each, then the finish and {@code [DONE]}. */
    static String stream(String... words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            sb.append(chunk(w, null));
        }
        return sb.append(chunk(null, "stop")).append("data: [DONE]\n\n").toString();
    }

    static ResponseDefinitionBuilder sse(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
    }
}
