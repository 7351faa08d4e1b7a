package dev.llmrouter.cli.chat;

import dev.llmrouter.cli.ExitCodes;
import dev.llmrouter.cli.output.Style;
import dev.llmrouter.cli.terminal.InterruptSignal;
import dev.llmrouter.cli.terminal.JLinePrompt;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The interactive chat on a JLine terminal, driven through an emulated terminal (JLine's external
 * terminal: a line discipline in Java that turns Ctrl-C into SIGINT for this JVM, as the user's real
 * terminal does; a pseudo-terminal would send it to the pty's own process group): history across
 * sessions, tab completion, multi-line input and Ctrl-C during a stream.
 */
@Tag("integration")
class TerminalChatTest {
    /** The up arrow as an xterm sends it once JLine has switched it to application keypad mode. */
    private static final String UP = "\u001bOA";

    @TempDir
    Path dir;

    private final FakeBackend backend = new FakeBackend();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Terminal> terminals = new ArrayList<>();
    private final InterruptSignal interrupt = new InterruptSignal(() -> {
        throw new IllegalStateException("Ctrl-C while idle in a test");
    });

    @AfterEach
    void close() throws IOException {
        for (Terminal t : terminals) {
            t.close();
        }
    }

    private final class Keyboard {
        final PipedOutputStream keys = new PipedOutputStream();
        final Terminal terminal;
        final ByteArrayOutputStream screen = new ByteArrayOutputStream();

        Keyboard() throws IOException {
            terminal = new ExternalTerminal("test", "xterm-256color", new PipedInputStream(keys, 1 << 16), screen,
                    StandardCharsets.UTF_8);
            terminal.setSize(new Size(120, 40));
            terminals.add(terminal);
        }

        /** Waits until the screen shows {@code text} (the prompt: keys typed before it would be a Ctrl-C while idle). */
        void awaitScreen(String text) throws InterruptedException {
            for (int i = 0; i < 2000 && !screen.toString(StandardCharsets.UTF_8).contains(text); i++) {
                Thread.sleep(10);
            }
            assertThat(screen.toString(StandardCharsets.UTF_8)).contains(text);
        }

        void type(String text) {
            try {
                keys.write(text.getBytes(StandardCharsets.UTF_8));
                keys.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private CompletableFuture<Integer> session(Keyboard keyboard) {
        Path history = JLinePrompt.historyFile(Map.of("XDG_STATE_HOME", dir.toString()));
        RouterViews views = new RouterViews() {
            @Override
            public Set<String> modelNames() {
                return Set.of("local", "cloud-coder");
            }

            @Override
            public void printModels(PrintStream o) {
                o.println("MODELS TABLE");
            }

            @Override
            public void printHealth(PrintStream o) {
                o.println("HEALTH TABLE");
            }
        };
        JLinePrompt.cancelOnCtrlC(keyboard.terminal, interrupt);
        JLinePrompt prompt = new JLinePrompt(keyboard.terminal, history, new ChatCompleter(views::modelNames));
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        return CompletableFuture.supplyAsync(() -> new ChatSession(backend, new PromptSettings("local", null, null), views,
                prompt, o, o, Style.PLAIN, interrupt).run());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theUpArrowRecallsALineFromTheLastSessionsHistoryFile() throws Exception {
        Keyboard first = new Keyboard();
        CompletableFuture<Integer> one = session(first);
        first.type("what is a circuit breaker?\n/quit\n");
        assertThat(one.get(20, TimeUnit.SECONDS)).isZero();
        Path history = dir.resolve("llmrouter").resolve("history");
        assertThat(Files.readString(history)).contains("what is a circuit breaker?");

        Keyboard second = new Keyboard();
        CompletableFuture<Integer> two = session(second);
        // the newest entry is /quit, the one before it the question
        second.type(UP + UP + "\n/quit\n");
        assertThat(two.get(20, TimeUnit.SECONDS)).isZero();

        assertThat(backend.requests).hasSize(2);
        assertThat(backend.requests.get(1).messages().get(0).text()).isEqualTo("what is a circuit breaker?");
        assertThat(out()).contains("echo: what is a circuit breaker?");
    }

    @Test
    void tabCompletesSlashCommandsAndModelNames() throws Exception {
        Keyboard keyboard = new Keyboard();
        CompletableFuture<Integer> run = session(keyboard);
        // "/mo" is the start of /model and /models: Tab fills in their common part, "/model"
        keyboard.type("/mo\t\n");
        keyboard.type("/model cl\t\n");
        keyboard.type("/qu\t\n");

        assertThat(run.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(out()).contains("model: local (available: ").contains("model: cloud-coder\n");
        assertThat(backend.requests).isEmpty();
    }

    @Test
    void aTrailingBackslashContinuesTheQuestionOnTheNextLine() throws Exception {
        Keyboard keyboard = new Keyboard();
        CompletableFuture<Integer> run = session(keyboard);
        keyboard.type("first line \\\nsecond line\n/quit\n");

        assertThat(run.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(backend.requests).hasSize(1);
        assertThat(backend.requests.get(0).messages().get(0).text()).isEqualTo("first line \nsecond line");
    }

    @Test
    void ctrlCDuringAStreamCancelsTheAnswerAndTheSessionGoesOn() throws Exception {
        CountDownLatch firstChunk = new CountDownLatch(1);
        backend.afterFirstChunk = stream -> {
            if (firstChunk.getCount() == 0) {
                return;
            }
            firstChunk.countDown();
            try {
                // the answer stalls here until Ctrl-C closes the stream
                assertThat(backend.cancelled.await(20, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Keyboard keyboard = new Keyboard();
        CompletableFuture<Integer> run = session(keyboard);
        keyboard.type("tell me a long story\n");
        assertThat(firstChunk.await(20, TimeUnit.SECONDS)).isTrue();
        keyboard.type("\u0003");
        keyboard.type("and now?\n/quit\n");

        assertThat(run.get(20, TimeUnit.SECONDS)).isZero();
        assertThat(out()).contains("[answer cancelled; it is not kept in the conversation]").contains("echo: and now?");
        assertThat(backend.requests).hasSize(2);
        // the cancelled exchange is not sent again
        assertThat(backend.requests.get(1).messages()).hasSize(1);
    }

    @Test
    void ctrlCAtAnEmptyPromptLeavesWith130AndCtrlDWithZero() throws Exception {
        Keyboard keyboard = new Keyboard();
        CompletableFuture<Integer> run = session(keyboard);
        keyboard.awaitScreen("you> ");
        keyboard.type("\u0003");
        assertThat(run.get(20, TimeUnit.SECONDS)).isEqualTo(ExitCodes.INTERRUPTED);

        Keyboard another = new Keyboard();
        CompletableFuture<Integer> eof = session(another);
        another.type("\u0004");
        assertThat(eof.get(20, TimeUnit.SECONDS)).isZero();
    }
}
