package dev.llmrouter.cli.terminal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads the user's lines for the interactive chat. On a terminal it is {@link JLinePrompt} (line
 * editing, history, completion, multi-line input); with piped input (scripts, tests) it reads plain
 * lines from the stream and prints no prompt. Not thread-safe: one thread reads.
 */
public interface LineReader {
    /**
     * Shows the prompt and reads one line.
     *
     * @return the line without its line ending, or null at the end of input (Ctrl-D, end of pipe)
     * @throws UncheckedIOException when reading fails
     * @throws Interrupted when the user pressed Ctrl-C at an empty prompt
     */
    String readLine(String prompt);

    /** Ctrl-C at an empty prompt: the user wants to leave. Thread-safe once thrown. */
    final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** Ctrl-C at the prompt. */
        public Interrupted() {
            super("Ctrl-C at the prompt");
        }
    }

    /** A reader over a stream (UTF-8), echoing the prompt to {@code promptOut} when it is not null. */
    static LineReader stream(InputStream in, PrintStream promptOut) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return prompt -> {
            if (promptOut != null) {
                promptOut.print(prompt);
                promptOut.flush();
            }
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read input: " + e.getMessage(), e);
            }
        };
    }
}
