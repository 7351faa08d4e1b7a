package dev.llmrouter.cli.chat;

import dev.llmrouter.api.ChatMessage;
import dev.llmrouter.api.Role;
import dev.llmrouter.cli.output.Style;
import dev.llmrouter.cli.terminal.InterruptSignal;
import dev.llmrouter.cli.terminal.LineReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("unit")
class ChatSessionTest {
    private final FakeBackend backend = new FakeBackend();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final AtomicInteger idleInterrupts = new AtomicInteger();
    private final InterruptSignal interrupt = new InterruptSignal(idleInterrupts::incrementAndGet);

    private int run(String input) {
        RouterViews views = new RouterViews() {
            @Override
            public Set<String> modelNames() {
                return Set.of("local", "cloud");
            }

            @Override
            public void printModels(java.io.PrintStream o) {
                o.println("MODELS TABLE");
            }

            @Override
            public void printHealth(java.io.PrintStream o) {
                o.println("HEALTH TABLE");
            }
        };
        LineReader reader = LineReader.stream(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), null);
        return new ChatSession(backend, new PromptSettings("local", null, null), views, reader,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Style.PLAIN, interrupt).run();
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void keepsHistorySwitchesModelsAndResets() {
        int code = run("hello\n/model cloud\nsecond\n/reset\nthird\n/quit\nnever sent\n");

        assertThat(code).isZero();
        assertThat(backend.requests).hasSize(3);
        assertThat(backend.requests.get(0).model()).isEqualTo("local");
        assertThat(backend.requests.get(1).model()).isEqualTo("cloud");
        assertThat(backend.requests.get(1).messages()).extracting(ChatMessage::text)
                .containsExactly("hello", "echo: hello", "second");
        assertThat(backend.requests.get(2).messages()).extracting(ChatMessage::text).containsExactly("third");
        assertThat(out()).contains("echo: hello\n[local/mock/m#0 | 1 attempt | no fallback | tokens 7 in, 3 out |")
                .contains("model: cloud").contains("conversation cleared");
    }

    @Test
    void systemPromptGoesFirstAndSurvivesReset() {
        run("/system Be brief.\nhi\n/reset\nagain\n");

        assertThat(backend.requests.get(1).messages()).hasSize(2);
        assertThat(backend.requests.get(1).messages().get(0).role()).isEqualTo(Role.SYSTEM);
        assertThat(backend.requests.get(1).messages().get(0).text()).isEqualTo("Be brief.");
    }

    @Test
    void unknownModelsAndCommandsAreRefusedWithAHint() {
        run("/model clod\n/resett\n/models\n/health\n/stats\n");

        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("no model group or alias named clod (did you mean cloud?)")
                .contains("unknown command /resett (did you mean /reset?)");
        assertThat(out()).contains("MODELS TABLE").contains("HEALTH TABLE").contains("answers 0, failed 0, cancelled 0");
        assertThat(backend.requests).isEmpty();
    }

    @Test
    void ctrlCCancelsTheAnswerInProgressAndTheSessionGoesOn() {
        backend.afterFirstChunk = s -> {
            backend.afterFirstChunk = x -> { };
            interrupt.fire();
        };

        int code = run("tell me a long story\nafter\n");

        assertThat(code).isZero();
        assertThat(idleInterrupts).hasValue(0);
        assertThat(out()).contains("echo: \n[answer cancelled; it is not kept in the conversation]");
        assertThat(backend.requests.get(1).messages()).extracting(ChatMessage::text).containsExactly("after");
        interrupt.fire();
        assertThat(idleInterrupts).hasValue(1);
    }
}
