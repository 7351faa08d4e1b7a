package dev.llmrouter.internal.routing;

import dev.llmrouter.config.DeploymentConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.api.AttemptTimeoutException;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatStream;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.RateLimitExceededException;
import dev.llmrouter.api.StreamInterruptedException;
import dev.llmrouter.config.RateLimit;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * DESIGN 4.4: how a failed or cancelled attempt settles its tpm reservation, seen through the
 * router's own {@code LocalAdmissionControl}: refunded when the provider generated nothing, kept (or
 * raised to what was delivered) when it may have.
 */
@Tag("unit")
class TokenReconciliationTest {
    private static final int TPM = 1000;
    private static final String ID = "g/a/m#0";
    private final ManualTimeSource clock = new ManualTimeSource();

    /** One mock deployment with a tpm limit only, no retries, so one request is one attempt. */
    private LlmRouter router(Object... mockSettings) {
        TestConfig c = TestConfig.create().mock("a", mockSettings)
                .group("g", DeploymentConfig.builder("a", "m").limit(new RateLimit(null, TPM)).build());
        c.numRetries = 0;
        return LlmRouter.builder().config(c.build()).timeSource(clock).build();
    }

    /** "hi" is one prompt token: 601 tokens reserved. */
    private static ChatRequest ask(int maxTokens) {
        return ChatRequest.builder().model("g").user("hi").maxTokens(maxTokens).build();
    }

    private static double headroom(LlmRouter r) {
        return r.healthSnapshot().deployment(ID).orElseThrow().headroom();
    }

    @Test
    void anErrorStatusOrNoResponseAtAllRefundsTheReservation() {
        for (Object failure : List.of(500, 429, 400, "connection_reset")) {
            try (LlmRouter r = router("script", List.of(failure))) {
                assertThatThrownBy(() -> r.chat(ask(600))).isInstanceOf(LlmRouterException.class);
                assertThat(headroom(r)).as("after %s", failure).isEqualTo(1.0);
            }
        }
    }

    @Test
    void anAttemptTimeoutKeepsTheReservation() {
        try (LlmRouter r = router("script", List.of("timeout", "ok"))) {
            assertThatThrownBy(() -> r.chat(ask(600))).isInstanceOf(AttemptTimeoutException.class);
            assertThat(headroom(r)).isCloseTo(1 - 601.0 / TPM, within(1e-9));
            // the provider may still be generating those tokens: another 600 does not fit
            assertThatThrownBy(() -> r.chat(ask(600))).isInstanceOf(RateLimitExceededException.class);
        }
    }

    @Test
    void aStreamBrokenAfterItsFirstChunkKeepsTheReservation() {
        try (LlmRouter r = router("script", List.of("stream_break"), "response", "partial answer");
             ChatStream s = r.stream(ask(600))) {
            assertThatThrownBy(() -> s.forEach(c -> { })).isInstanceOf(StreamInterruptedException.class);
            assertThat(headroom(r)).isCloseTo(1 - 601.0 / TPM, within(1e-9));
        }
    }

    @Test
    void aStreamClosedByTheCallerMidAnswerKeepsTheReservation() {
        try (LlmRouter r = router("response", "one two three")) {
            ChatStream s = r.stream(ask(600));
            assertThat(s.iterator().next().text()).isEqualTo("one ");
            s.close();
            assertThat(headroom(r)).isCloseTo(1 - 601.0 / TPM, within(1e-9));
        }
    }

    @Test
    void aStreamCutAfterMoreThanItReservedIsChargedThePromptAndTheDeliveredText() {
        // max_tokens 1 reserves 2 tokens, but the first chunk alone delivers 400 characters (100 tokens)
        String longWord = "x".repeat(399) + " ";
        try (LlmRouter r = router("script", List.of("stream_break"), "response", longWord + "tail");
             ChatStream s = r.stream(ask(1))) {
            assertThatThrownBy(() -> s.forEach(c -> { })).isInstanceOf(StreamInterruptedException.class);
            assertThat(headroom(r)).isCloseTo(1 - (1 + 100.0) / TPM, within(1e-9));
        }
    }
}
