package dev.llmrouter.cli;

import dev.llmrouter.api.ConfigException;
import dev.llmrouter.cli.output.Style;
import dev.llmrouter.cli.text.Closest;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The command line: picocli parses the arguments against {@link RootCommand}'s tree, this runs the
 * command named and turns its outcome into an exit code (usage and configuration errors: 2).
 * {@link Main} only wires the process to it, so tests run every command in-process with captured
 * streams. Stateless and thread-safe.
 */
public final class Cli {
    /** The program's name in messages (the launcher script's name). */
    public static final String PROGRAM = "llmrouter";
    /** Help text width: wide enough for the option descriptions, the same on every terminal. */
    private static final int HELP_WIDTH = 100;

    private Cli() {
    }

    /** The CLI with every llmrouter command. */
    public static Cli standard() {
        return new Cli();
    }

    /**
     * The picocli command tree as the CLI configures it (help layout, {@code --name VALUE} in help).
     * Completion scripts and man pages are generated from it.
     */
    public static CommandLine commandLine(RootCommand root) {
        CommandLine cl = new CommandLine(root);
        cl.setUsageHelpWidth(HELP_WIDTH);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setHelpFactory((spec, colours) -> new Help(spec, colours) {
            @Override
            public IParamLabelRenderer parameterLabelRenderer() {
                return new SpacedLabels(super.parameterLabelRenderer());
            }
        });
        return cl;
    }

    /** Runs a command line and returns the exit code; never throws for a user's mistake. */
    public int run(String[] args, CliContext ctx) {
        CommandLine cl = commandLine(new RootCommand(ctx));
        cl.setOut(new PrintWriter(ctx.out(), true));
        cl.setErr(new PrintWriter(ctx.err(), true));
        try {
            ParseResult parsed = cl.parseArgs(args);
            boolean colour = ctx.style() == Style.ANSI && !noColor(parsed);
            cl.setColorScheme(Help.defaultColorScheme(colour ? Ansi.ON : Ansi.OFF));
            if (CommandLine.printHelpIfRequested(parsed)) {
                return ExitCodes.OK;
            }
            ParseResult last = parsed;
            while (last.hasSubcommand()) {
                last = last.subcommand();
            }
            return (Integer) ((Callable<?>) last.commandSpec().userObject()).call();
        } catch (ParameterException e) {
            ctx.err().println(PROGRAM + ": " + message(e));
            String help = e.getCommandLine().getParent() == null ? PROGRAM : PROGRAM + " " + e.getCommandLine().getCommandName();
            ctx.err().println("Run '" + help + " --help' for usage.");
            return ExitCodes.USAGE;
        } catch (UsageException e) {
            ctx.err().println(PROGRAM + ": " + e.getMessage());
            ctx.err().println("Run '" + PROGRAM + " --help' for usage.");
            return ExitCodes.USAGE;
        } catch (ConfigException e) {
            ctx.err().println(PROGRAM + ": configuration error: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (UncheckedIOException e) {
            ctx.err().println(PROGRAM + ": " + e.getMessage());
            return ExitCodes.FAILED;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // call() declares Exception; the commands throw only unchecked ones
            throw new IllegalStateException(e);
        } finally {
            ctx.out().flush();
            ctx.err().flush();
        }
    }

    private static boolean noColor(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
            if (p.hasMatchedOption("--no-color")) {
                return true;
            }
        }
        return false;
    }

    /** The CLI's wording for picocli's parse errors, with picocli's suggestions. */
    static String message(ParameterException e) {
        CommandLine where = e.getCommandLine();
        boolean top = where.getParent() == null;
        if (e instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            String word = u.getUnmatched().get(0);
            List<String> suggestions = u.getSuggestions();
            if (word.startsWith("-")) {
                String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                // picocli's bigram similarity misses swapped letters (--wiat); edit distance over the options catches them
                Optional<String> hint = suggestions.isEmpty()
                        ? Closest.to(name, where.getCommandSpec().optionsMap().keySet().stream().filter(o -> o.startsWith("--")).toList())
                        : Optional.of(Closest.to(name, suggestions).orElse(suggestions.get(0)));
                return "unknown option " + name + (top ? "" : " for '" + where.getCommandName() + "'")
                        + hint.map(h -> " (did you mean " + h + "?)").orElse("");
            }
            if (top) {
                // picocli's candidates, the nearest by edit distance first ('chta' is 'chat', not 'check-stale')
                return "unknown command '" + word + "'" + (suggestions.isEmpty() ? ""
                        : " (did you mean '" + Closest.to(word, suggestions).orElse(suggestions.get(0)) + "'?)");
            }
            return where.getCommandName() + ": unexpected argument '" + word + "'";
        }
        return e.getMessage();
    }

    /**
     * Help shows {@code --config FILE...} as the documentation does, though {@code --config=FILE}
     * is accepted too.
     */
    private record SpacedLabels(Help.IParamLabelRenderer delegate) implements Help.IParamLabelRenderer {
        @Override
        public Ansi.Text renderParameterLabel(ArgSpec arg, Ansi ansi, List<Ansi.IStyle> styles) {
            Ansi.Text text = delegate.renderParameterLabel(arg, ansi, styles);
            String sep = delegate.separator();
            return arg.isOption() && text.plainString().startsWith(sep)
                    ? ansi.new Text(" ").concat(text.substring(sep.length())) : text;
        }

        @Override
        public String separator() {
            return " ";
        }
    }
}
