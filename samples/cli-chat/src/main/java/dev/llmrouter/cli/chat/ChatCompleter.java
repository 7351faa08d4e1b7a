package dev.llmrouter.cli.chat;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Tab completion in the chat prompt: the slash commands as the first word ({@code /mo} to
 * {@code /model}), and after {@code /model} the model groups and aliases. Ordinary text completes
 * to nothing. Thread-safe when the supplier is.
 */
public final class ChatCompleter implements Completer {
    private final Supplier<Set<String>> modelNames;

    /** Completes model names from {@code modelNames} (asked at each Tab: the chat may switch routers). */
    public ChatCompleter(Supplier<Set<String>> modelNames) {
        this.modelNames = modelNames;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0 && line.word().startsWith("/")) {
            ChatSession.COMMANDS.forEach(c -> candidates.add(new Candidate("/" + c)));
        } else if (line.wordIndex() == 1 && line.words().get(0).equals("/model")) {
            modelNames.get().forEach(m -> candidates.add(new Candidate(m)));
        }
    }
}
