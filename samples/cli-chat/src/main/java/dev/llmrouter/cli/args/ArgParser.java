package dev.llmrouter.cli.args;

import dev.llmrouter.cli.UsageException;
import dev.llmrouter.internal.config.Suggestions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A small command-line parser: {@code [options] COMMAND [options] [args]}. Options are long
 * ({@code --name value}, {@code --name=value}); {@code -h} means {@code --help}; {@code --} ends
 * the options. The command is the first word that names one; options may come before or after it.
 * A multi-valued option ({@code --config a.yaml b.yaml}) takes every following word that is not an
 * option and not a command name. Unknown options are errors with a "did you mean" hint.
 * Immutable and thread-safe once built.
 */
public final class ArgParser {
    private static final Pattern OPTION_WORD = Pattern.compile("--?[A-Za-z][A-Za-z0-9-]*(=.*)?|--", Pattern.DOTALL);

    private final List<OptionSpec> globalOptions;
    private final Set<String> commands;
    private final Function<String, List<OptionSpec>> commandOptions;

    /**
     * A parser.
     *
     * @param globalOptions options every command accepts
     * @param commands the command names
     * @param commandOptions the options of each command (given a name from {@code commands})
     */
    public ArgParser(List<OptionSpec> globalOptions, Collection<String> commands,
                     Function<String, List<OptionSpec>> commandOptions) {
        this.globalOptions = List.copyOf(globalOptions);
        this.commands = Set.copyOf(commands);
        this.commandOptions = commandOptions;
    }

    /**
     * Parses the words of a command line.
     *
     * @throws UsageException naming the unknown option, the missing value or the stray value
     */
    public ParsedArgs parse(List<String> args) {
        String command = findCommand(args);
        Map<String, OptionSpec> known = new LinkedHashMap<>();
        globalOptions.forEach(o -> known.put(o.name(), o));
        if (command != null) {
            commandOptions.apply(command).forEach(o -> known.put(o.name(), o));
        }
        Set<String> flags = new LinkedHashSet<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        boolean commandSeen = false;
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (optionsEnded || !isOptionWord(word)) {
                if (!commandSeen && word.equals(command)) {
                    commandSeen = true;
                } else {
                    positionals.add(word);
                }
                continue;
            }
            if (word.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String name = word.equals("-h") ? "help" : word.replaceFirst("^--?", "");
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            OptionSpec spec = known.get(name);
            if (spec == null) {
                throw new UsageException(unknown(word, name, command, known.keySet()));
            }
            if (!spec.takesValue()) {
                if (inline != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                flags.add(name);
                continue;
            }
            List<String> got = values.computeIfAbsent(name, k -> new ArrayList<>());
            if (!spec.multi()) {
                got.clear();
            }
            if (inline != null) {
                got.add(inline);
            } else if (i + 1 < args.size() && !isOptionWord(args.get(i + 1))) {
                got.add(args.get(++i));
            } else {
                throw new UsageException(spec.synopsis() + ": missing value");
            }
            while (spec.multi() && inline == null && i + 1 < args.size() && !isOptionWord(args.get(i + 1))
                    && !commands.contains(args.get(i + 1))) {
                got.add(args.get(++i));
            }
        }
        return new ParsedArgs(command, flags, values, positionals);
    }

    private String findCommand(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                return null;
            }
            if (commands.contains(a)) {
                return a;
            }
        }
        return null;
    }

    /** {@code --name}, {@code --name=value}, {@code -h}, {@code --}; not {@code -5} or a prompt like {@code "- item"}. */
    private static boolean isOptionWord(String word) {
        return OPTION_WORD.matcher(word).matches();
    }

    private static String unknown(String word, String name, String command, Set<String> known) {
        String where = command == null ? "" : " for '" + command + "'";
        return "unknown option " + word + where + Suggestions.closest(name, known).map(b -> " (did you mean --" + b + "?)").orElse("");
    }
}
