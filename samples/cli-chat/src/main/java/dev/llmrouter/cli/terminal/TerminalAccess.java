package dev.llmrouter.cli.terminal;

import org.jline.terminal.Terminal;

import java.io.IOException;

/**
 * Opens the JLine terminal the interactive chat reads from. The CLI has one only when standard
 * input and output are a terminal; tests pass one over a pseudo-terminal of their own.
 */
@FunctionalInterface
public interface TerminalAccess {
    /**
     * Opens the terminal; the caller closes it.
     *
     * @throws IOException when the terminal cannot be opened
     */
    Terminal open() throws IOException;
}
