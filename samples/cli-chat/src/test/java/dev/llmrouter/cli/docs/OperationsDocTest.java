package dev.llmrouter.cli.docs;

import dev.llmrouter.cli.Cli;
import dev.llmrouter.cli.RootCommand;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/operations.md and docs/cli.md say only what is true: every {@code llmrouter} command line in
 * them parses against the CLI's picocli command tree (an unknown command or option, or an argument
 * a command does not take, fails), and every WARN message docs/operations.md quotes is one the
 * code logs, and the other way round.
 */
@Tag("unit")
class OperationsDocTest {
    private static final Pattern PLACEHOLDER = Pattern.compile("[A-Z][A-Z_]*(\\.\\.\\.)?|\\.\\.\\.");
    private static final String LITERAL = "\"(?:[^\"\\\\]|\\\\.)*\"";
    /** A WARN call's format string: one literal, or literals joined with {@code +} across lines. */
    private static final Pattern WARN_CALL = Pattern.compile("\\b(?:LOG|log|LOGGER|logger)\\.warn\\(\\s*("
            + LITERAL + "(?:\\s*\\+\\s*" + LITERAL + ")*)");
    private static final Pattern ONE_LITERAL = Pattern.compile(LITERAL);
    private static final Pattern CODE_SPAN_ROW = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);

    static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/operations.md"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("docs/operations.md above %s", Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }

    /** Why {@code args} is not a valid command line of the CLI, or null when it is. */
    static String problem(List<String> args) {
        if (!args.isEmpty() && PLACEHOLDER.matcher(args.get(0)).matches()) {
            return null; // "llmrouter COMMAND --help": a placeholder for any command
        }
        try {
            ParseResult parsed = Cli.commandLine(new RootCommand()).parseArgs(args.toArray(String[]::new));
            for (ParseResult p = parsed; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
                for (PositionalParamSpec positional : p.matchedPositionals()) {
                    if (positional.hidden()) {
                        return p.commandSpec().name() + " takes no arguments, got " + positional.stringValues();
                    }
                }
            }
            return null;
        } catch (UnmatchedArgumentException e) {
            return e.getMessage();
        } catch (ParameterException e) {
            // a placeholder value (--max-tokens N) is documentation, not a mistake
            return args.stream().anyMatch(a -> PLACEHOLDER.matcher(a).matches()) ? null : e.getMessage();
        }
    }

    private static List<String> problems(String markdown) {
        List<String> problems = new ArrayList<>();
        for (DocCommands.Found f : DocCommands.in(markdown)) {
            String p = problem(f.args());
            if (p != null) {
                problems.add(f + " -> " + p);
            }
        }
        return problems;
    }

    @Test
    void everyCommandLineInTheOperationsGuideAndTheCliGuideParses() throws IOException {
        for (String doc : List.of("docs/operations.md", "docs/cli.md")) {
            String text = Files.readString(repository().resolve(doc));
            assertThat(problems(text)).as(doc).isEmpty();
        }
        List<List<String>> ops = DocCommands.in(Files.readString(repository().resolve("docs/operations.md"))).stream()
                .map(DocCommands.Found::args).toList();
        assertThat(ops).contains(List.of("health", "--wait", "300s", "--config", "/etc/llmrouter/gate.yaml"),
                List.of("doctor", "--config", "/etc/llmrouter/providers.yaml", "/etc/llmrouter/model-mappings.yaml"),
                List.of("check-stale", "litellm-config.yaml"),
                List.of("validate", "config/providers.yaml", "config/model-mappings.yaml"),
                List.of("export-litellm", "--config", "config/providers.yaml", "config/model-mappings.yaml", "--out",
                        "litellm-config.yaml"));
    }

    @Test
    void everyExampleInTheHelpOfEveryCommandParses() {
        picocli.CommandLine root = Cli.commandLine(new RootCommand());
        int examples = 0;
        for (picocli.CommandLine c : root.getSubcommands().values()) {
            // the examples are the indented lines; the others are prose
            String footer = "```\n" + String.join("\n", c.getCommandSpec().usageMessage().footer()).lines()
                    .filter(l -> l.startsWith("  ")).collect(Collectors.joining("\n")) + "\n```\n";
            assertThat(problems(footer)).as(c.getCommandName()).isEmpty();
            examples += DocCommands.in(footer).size();
        }
        assertThat(examples).isGreaterThanOrEqualTo(root.getSubcommands().size());
    }

    @Test
    void theCheckCatchesAnUnknownCommandOptionOrArgument() {
        String doc = """
                Run `llmrouter helth` first.
                ```
                $ ./llmrouter health --wiat 30s
                llmrouter prints this line of output, which is not a command
                $ llmrouter doctor extra-argument
                $ llmrouter chat --prompt hi --model
                ```
                ```
                ExecStartPre=/opt/llmrouter/bin/llmrouter validate --strict providers.yaml # a comment
                DEEPSEEK_API_KEY=x llmrouter models | grep qwen && llmrouter chat --prompt "two words" --model coder
                ```
                ```text
                llmrouter doctor: output in a text block, not a command
                ```
                """;

        assertThat(problems(doc)).satisfiesExactly(
                p -> assertThat(p).startsWith("line 1:").contains("'helth'"),
                p -> assertThat(p).startsWith("line 3:").contains("--wiat"),
                p -> assertThat(p).startsWith("line 5:").contains("doctor takes no arguments"),
                p -> assertThat(p).startsWith("line 6:").contains("Missing required parameter for option '--model'"),
                p -> assertThat(p).startsWith("line 9:").contains("--strict"));
        List<DocCommands.Found> found = DocCommands.in(doc);
        assertThat(found).hasSize(7);
        assertThat(found.get(5).args()).containsExactly("models");
        assertThat(found.get(6).args()).containsExactly("chat", "--prompt", "two words", "--model", "coder");
    }

    /** The format strings of every WARN log call in the main sources of every module. */
    static Set<String> warnMessagesInCode() throws IOException {
        Set<String> messages = new TreeSet<>();
        for (String source : mainSources()) {
            Matcher m = WARN_CALL.matcher(source);
            while (m.find()) {
                StringBuilder joined = new StringBuilder();
                Matcher part = ONE_LITERAL.matcher(m.group(1));
                while (part.find()) {
                    joined.append(part.group(), 1, part.group().length() - 1);
                }
                messages.add(joined.toString().replace("\\\"", "\"").replace("\\\\", "\\"));
            }
        }
        return messages;
    }

    private static List<String> mainSources() throws IOException {
        List<String> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(repository())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/target/") && !p.toString().contains("/.git/")).toList()) {
                sources.add(Files.readString(f));
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return sources;
    }

    private static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        Matcher next = Pattern.compile("\n#{2,3} ").matcher(markdown);
        int end = next.find(start + heading.length() + 2) ? next.start() : markdown.length();
        return markdown.substring(start, end);
    }

    private static Set<String> quoted(String section) {
        Set<String> quoted = new TreeSet<>();
        Matcher m = CODE_SPAN_ROW.matcher(section);
        while (m.find()) {
            quoted.add(m.group(1));
        }
        return quoted;
    }

    @Test
    void theGuideListsEveryWarnLineOfTheCodeExactlyAsLogged() throws IOException {
        String doc = Files.readString(repository().resolve("docs/operations.md"));
        Set<String> code = warnMessagesInCode();

        assertThat(code).contains("circuit of {}: {} -> OPEN for {} ms", "router listener failed; ignored");
        assertThat(quoted(section(doc, "### Log lines"))).isEqualTo(code);
    }

    @Test
    void eachConfigurationWarningTheGuideQuotesIsWrittenInTheCode() throws IOException {
        String doc = Files.readString(repository().resolve("docs/operations.md"));
        String code = String.join("\n", mainSources());
        Set<String> quoted = quoted(section(doc, "### Configuration warnings"));

        assertThat(quoted).hasSizeGreaterThanOrEqualTo(9);
        for (String warning : quoted) {
            List<String> missing = Stream.of(warning.split("\\{}")).filter(piece -> piece.strip().length() > 3)
                    .filter(piece -> !code.contains(piece)).collect(Collectors.toList());
            assertThat(missing).as("pieces of '%s' that no source holds", warning).isEmpty();
        }
    }
}
