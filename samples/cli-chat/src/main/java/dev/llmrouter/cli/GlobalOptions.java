package dev.llmrouter.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The options every command accepts, before or after the command's name: picocli mixes this class
 * into the top-level command and into each command, and {@link #merge} joins the two. Not
 * thread-safe: picocli fills one instance per parse.
 */
public final class GlobalOptions {
    @Option(names = "--config", arity = "1..*", paramLabel = "FILE",
            description = "configuration files, merged in order (default: $LLMROUTER_CONFIG, ./router.yaml, the built-in default)")
    private List<String> config = new ArrayList<>();

    @Option(names = "--demo", description = "use built-in mock providers: no server needed")
    private boolean demo;

    @Option(names = "--no-color", description = "no colours (setting NO_COLOR does the same)")
    private boolean noColor;

    /** The {@code --config} files, in the order given. */
    public List<String> config() {
        return List.copyOf(config);
    }

    /** True for {@code --demo}. */
    public boolean demo() {
        return demo;
    }

    /** True for {@code --no-color}. */
    public boolean noColor() {
        return noColor;
    }

    /** The options given on either side of the command's name: {@code outer} before it, this after it. */
    public GlobalOptions merge(GlobalOptions outer) {
        GlobalOptions merged = new GlobalOptions();
        merged.config.addAll(outer.config);
        merged.config.addAll(config);
        merged.demo = demo || outer.demo;
        merged.noColor = noColor || outer.noColor;
        return merged;
    }
}
