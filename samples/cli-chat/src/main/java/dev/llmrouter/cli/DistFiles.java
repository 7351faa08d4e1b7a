package dev.llmrouter.cli;

import dev.llmrouter.cli.command.CompletionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the distribution archive's generated files at build time (the Maven build runs it):
 * {@code completion/llmrouter.bash} and {@code completion/_llmrouter} (zsh), and the help page of
 * the program and every command, {@code help/llmrouter.txt}, {@code help/llmrouter-chat.txt}, ...
 * All come from the same picocli command tree the CLI parses with. Not part of the CLI's API.
 */
public final class DistFiles {
    private DistFiles() {
    }

    /**
     * Writes the files under the directory given as the only argument.
     *
     * @throws IOException when a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: DistFiles OUTPUT_DIRECTORY");
        }
        Path out = Path.of(args[0]);
        Path completion = Files.createDirectories(out.resolve("completion"));
        Files.writeString(completion.resolve("llmrouter.bash"), CompletionCommand.script(CompletionCommand.Shell.bash));
        Files.writeString(completion.resolve("_llmrouter"), CompletionCommand.script(CompletionCommand.Shell.zsh));
        Path help = Files.createDirectories(out.resolve("help"));
        CommandLine root = Cli.commandLine(new RootCommand());
        Files.writeString(help.resolve(Cli.PROGRAM + ".txt"), usage(root));
        for (CommandLine sub : root.getSubcommands().values()) {
            Files.writeString(help.resolve(Cli.PROGRAM + "-" + sub.getCommandName() + ".txt"), usage(sub));
        }
    }

    private static String usage(CommandLine command) {
        StringWriter text = new StringWriter();
        command.usage(new PrintWriter(text), Ansi.OFF);
        return text.toString();
    }
}
