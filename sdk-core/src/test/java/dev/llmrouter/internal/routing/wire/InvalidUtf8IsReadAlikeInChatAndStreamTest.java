package dev.llmrouter.internal.routing.wire;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.RouterConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 15, defect 9: a body with an invalid UTF-8 byte failed {@code chat} as malformed (retried,
 * counted against the circuit) while {@code stream} passed U+FFFD through. Both now read the bad
 * byte as U+FFFD and answer.
 */
@Tag("integration")
class InvalidUtf8IsReadAlikeInChatAndStreamTest {
    private static WireMockServer server;

    @BeforeAll
    static void start() {
        server = Stubs.server();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** {@code text} with a lone 0xFF byte in the middle, where a character should be. */
    private static byte[] withBadByte(String before, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.write(0xFF);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static LlmRouter router() {
        return LlmRouter.builder().config(RouterConfig.builder().provider(Stubs.provider("p", server))
                .model("g", DeploymentConfig.of("p", "m")).build()).build();
    }

    @Test
    void aWholeAnswerWithABadByteIsReadWithAReplacementCharacter() {
        server.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(withBadByte(
                        "{\"id\":\"c\",\"object\":\"chat.completion\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                                + "\"message\":{\"role\":\"assistant\",\"content\":\"caf",
                        "\"},\"finish_reason\":\"stop\"}]}"))));
        try (LlmRouter r = router()) {
            assertThat(r.chat(ChatRequest.builder().model("g").user("hi").build()).text()).isEqualTo("caf\uFFFD");
        }
    }

    @Test
    void aStreamWithABadByteIsReadTheSameWay() {
        server.stubFor(post(urlEqualTo(Stubs.CHAT)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream").withBody(withBadByte(
                        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                                + "\"delta\":{\"content\":\"caf", "\"},\"finish_reason\":null}]}\n\n"
                                + Stubs.chunk(null, "stop") + "data: [DONE]\n\n"))));
        try (LlmRouter r = router(); ChatStream s = r.stream(ChatRequest.builder().model("g").user("hi").build())) {
            assertThat(s.response().text()).isEqualTo("caf\uFFFD");
        }
    }
}
