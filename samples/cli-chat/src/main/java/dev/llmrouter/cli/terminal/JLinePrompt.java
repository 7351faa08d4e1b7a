package dev.llmrouter.cli.terminal;

import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The chat prompt on a terminal, on JLine 3: emacs-style line editing, history kept across sessions
 * in a file (up arrow, Ctrl-R to search it), tab completion, multi-line input (a line ending in a
 * backslash continues on the next; a paste keeps its line breaks). Ctrl-D on an empty line ends the
 * input; Ctrl-C discards a half-typed line, and at an empty prompt throws {@link Interrupted}. Not
 * thread-safe: one thread reads.
 */
public final class JLinePrompt implements LineReader {
    /** The prompt of a continued line. */
    public static final String CONTINUATION_PROMPT = "...> ";

    private final org.jline.reader.LineReader reader;

    /**
     * A prompt on {@code terminal}.
     *
     * @param terminal the terminal (the caller closes it)
     * @param historyFile where the history is kept (its directory is created), or null for none
     * @param completer what Tab completes
     */
    public JLinePrompt(Terminal terminal, Path historyFile, Completer completer) {
        DefaultParser parser = new DefaultParser();
        parser.setEofOnEscapedNewLine(true);
        LineReaderBuilder builder = LineReaderBuilder.builder().terminal(terminal).appName("llmrouter").parser(parser)
                .completer(completer)
                .variable(org.jline.reader.LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION_PROMPT)
                // '!' in a question is text, not a history reference
                .option(org.jline.reader.LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        if (historyFile != null) {
            try {
                Files.createDirectories(historyFile.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the directory of the chat history " + historyFile
                        + ": " + e.getMessage(), e);
            }
            builder.variable(org.jline.reader.LineReader.HISTORY_FILE, historyFile);
        }
        this.reader = builder.build();
    }

    /**
     * Where the chat history is kept: {@code $XDG_STATE_HOME/llmrouter/history}, else
     * {@code ~/.local/state/llmrouter/history} (the XDG base directory default).
     *
     * @param env the environment ({@code XDG_STATE_HOME}, {@code HOME})
     */
    public static Path historyFile(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        Path base;
        if (state != null && !state.isBlank() && Path.of(state).isAbsolute()) {
            base = Path.of(state);
        } else {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            base = Path.of(home, ".local", "state");
        }
        return base.resolve("llmrouter").resolve("history");
    }

    /**
     * Routes Ctrl-C while no line is being read (an answer streaming) to {@code interrupt}, which
     * cancels the answer; while a line is read, JLine turns Ctrl-C into {@link Interrupted}.
     */
    public static void cancelOnCtrlC(Terminal terminal, InterruptSignal interrupt) {
        terminal.handle(Terminal.Signal.INT, signal -> interrupt.fire());
    }

    @Override
    public String readLine(String prompt) {
        while (true) {
            try {
                // a line continued with a trailing backslash comes back with the backslash-newline pairs
                return reader.readLine(prompt).replace("\\\n", "\n");
            } catch (UserInterruptException e) {
                if (e.getPartialLine() == null || e.getPartialLine().isBlank()) {
                    throw new Interrupted();
                }
            } catch (EndOfFileException e) {
                return null;
            }
        }
    }
}
