package dev.llmrouter.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Man pages in roff ({@code man(7)} macros) for the program and each command, written from the
 * same picocli command tree the CLI parses with, so that the archive's {@code man/*.1} pages need
 * no AsciiDoc tool to read ({@code man -l man/llmrouter-chat.1}). Stateless and thread-safe; not
 * part of the CLI's API.
 */
public final class ManPages {
    private ManPages() {
    }

    /** The page of {@code command} (the root or one of its subcommands), as roff source. */
    public static String page(CommandLine command, String version) {
        CommandSpec spec = command.getCommandSpec();
        boolean root = command.getParent() == null;
        String name = root ? Cli.PROGRAM : Cli.PROGRAM + "-" + command.getCommandName();
        StringBuilder out = new StringBuilder();
        out.append(".TH \"").append(name.toUpperCase(java.util.Locale.ROOT)).append("\" 1 \"\" \"")
                .append(escape(Cli.PROGRAM + " " + version)).append("\" \"llmrouter Manual\"\n");
        // ragged right and no hyphenation: option names and paths must stay as typed
        out.append(".ad l\n.nh\n");
        out.append(".SH NAME\n").append(escape(name)).append(" \\- ")
                .append(escape(String.join(" ", text(root ? spec.usageMessage().header() : spec.usageMessage().description()))
                        .strip().replaceFirst("^llmrouter: ", ""))).append('\n');
        out.append(".SH SYNOPSIS\n");
        String synopsis = command.getHelp().synopsis(0).strip().replaceFirst("^Usage: ", "");
        out.append(".nf\n").append(escapeLines(synopsis)).append(".fi\n");
        if (root) {
            out.append(".SH COMMANDS\n");
            for (Map.Entry<String, CommandLine> sub : command.getSubcommands().entrySet()) {
                out.append(".TP\n.B ").append(escape(sub.getKey())).append('\n')
                        .append(escape(String.join(" ", text(sub.getValue().getCommandSpec().usageMessage().description()))))
                        .append("\nSee \\fB").append(escape(Cli.PROGRAM + "-" + sub.getKey())).append("\\fR(1).\n");
            }
        }
        List<PositionalParamSpec> positionals = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!positionals.isEmpty()) {
            out.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : positionals) {
                out.append(".TP\n.I ").append(escape(p.paramLabel() + (p.isMultiValue() ? "..." : ""))).append('\n')
                        .append(escape(String.join(" ", p.description()))).append('\n');
            }
        }
        out.append(".SH OPTIONS\n");
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            out.append(".TP\n.B ").append(escape(String.join(", ", o.names())));
            if (o.typeInfo().isBoolean()) {
                out.append('\n');
            } else {
                out.append(" \\fI").append(escape(o.paramLabel() + (o.isMultiValue() ? "..." : ""))).append("\\fR\n");
            }
            out.append(escape(String.join(" ", o.description()))).append('\n');
        }
        List<String> footer = text(spec.usageMessage().footer());
        if (!String.join("", footer).isBlank()) {
            out.append(".SH NOTES\n.nf\n").append(escapeLines(String.join("\n", footer).strip())).append(".fi\n");
        }
        out.append(".SH SEE ALSO\n");
        List<String> others = new ArrayList<>();
        if (!root) {
            others.add("\\fB" + Cli.PROGRAM + "\\fR(1)");
        }
        others.add("the guides docs/cli.md and docs/operations.md of the llmrouter repository");
        out.append(String.join(", ", others)).append('\n');
        return out.toString();
    }

    /** Picocli's texts with its format escapes applied ({@code %n} a line break, {@code %%} a percent sign). */
    private static List<String> text(String[] lines) {
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            out.add(line.replace("%n", "\n").replace("%%", "%"));
        }
        return out;
    }

    /** Escapes roff's special characters in running text. */
    static String escape(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }

    /** Each line escaped, and guarded when it would start with a roff control character or be empty. */
    private static String escapeLines(String text) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String e = escape(line);
            out.append(e.startsWith(".") || e.startsWith("'") || e.isEmpty() ? "\\&" + e : e).append('\n');
        }
        return out.toString();
    }
}
