package dev.llmrouter.cli.command;

import dev.llmrouter.cli.Cli;
import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.UsageException;
import dev.llmrouter.cli.args.OptionSpec;
import dev.llmrouter.cli.args.ParsedArgs;
import dev.llmrouter.cli.chat.ChatSession;
import dev.llmrouter.cli.chat.OneShotChat;
import dev.llmrouter.cli.chat.PromptSettings;
import dev.llmrouter.cli.config.ConfigResolver;
import dev.llmrouter.cli.terminal.LineReader;
import dev.llmrouter.internal.config.Suggestions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code chat}: the interactive streaming chat, or with {@code --prompt} one question and one
 * answer. Stateless and thread-safe.
 */
public final class ChatCommand implements Command {
    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String summary() {
        return "chat with a model: interactive and streaming, or one-shot with --prompt";
    }

    @Override
    public String usage() {
        return "chat [--prompt TEXT] [--model NAME] [--system TEXT] [--max-tokens N] [--no-stream] [--json]";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.value("prompt", "TEXT", "ask once, print the answer and exit ('-' reads standard input)"),
                OptionSpec.value("model", "NAME", "model group or alias (default: the alias 'default', else the first group)"),
                OptionSpec.value("system", "TEXT", "system prompt"),
                OptionSpec.value("max-tokens", "N", "cap on the answer's tokens"),
                OptionSpec.flag("no-stream", "with --prompt: print the answer once it is complete"),
                OptionSpec.flag("json", "with --prompt: print one JSON object (text, model, deployment, provider, attempts, fallbacks, usage, latency_ms)"));
    }

    @Override
    public String details() {
        return """
                Interactive commands: /model NAME, /models, /system TEXT, /reset, /stats, /health, /help, /quit.
                Ctrl-C cancels the answer in progress; Ctrl-D or /quit leaves.

                Exit codes: 0 answered, 1 the request failed, 2 usage or configuration error.

                Examples:
                  llmrouter chat
                  llmrouter chat --demo
                  llmrouter chat --prompt "Write a haiku" --model coder --max-tokens 100
                  llmrouter chat --prompt "Hi" --json --config providers.yaml model-mappings.yaml
                """;
    }

    @Override
    public int run(ParsedArgs args, CliContext ctx) {
        if (!args.positionals().isEmpty()) {
            throw new UsageException("chat takes no arguments, got '" + args.positionals().get(0) + "' (quote the prompt: --prompt \"...\")");
        }
        boolean oneShot = args.value("prompt").isPresent();
        if (!oneShot && (args.has("json") || args.has("no-stream"))) {
            throw new UsageException("--json and --no-stream need --prompt");
        }
        if (args.has("json") && args.has("no-stream")) {
            throw new UsageException("--json already waits for the whole answer; leave out --no-stream");
        }
        Integer maxTokens = args.positiveInt("max-tokens").orElse(null);
        String prompt = oneShot ? prompt(args.value("prompt").get(), ctx) : null;
        try (RouterHandle router = RouterHandle.open(ConfigResolver.resolve(args.has(Cli.DEMO), args.all(Cli.CONFIG),
                ctx.env(), ctx.workingDir()), ctx)) {
            String model = args.value("model").orElseGet(router::defaultModel);
            if (!router.modelNames().contains(model)) {
                throw new UsageException("no model group or alias named '" + model + "'"
                        + Suggestions.closest(model, router.modelNames()).map(b -> " (did you mean '" + b + "'?)").orElse("")
                        + "; available: " + String.join(", ", router.modelNames()));
            }
            PromptSettings settings = new PromptSettings(model, args.value("system").orElse(null), maxTokens);
            if (oneShot) {
                OneShotChat.Output output = args.has("json") ? OneShotChat.Output.JSON
                        : args.has("no-stream") ? OneShotChat.Output.WHOLE : OneShotChat.Output.STREAM;
                return OneShotChat.run(router, settings, prompt, output, ctx);
            }
            LineReader reader = ctx.console() != null ? LineReader.console(ctx.console()) : LineReader.stream(ctx.in(), null);
            return new ChatSession(router, settings, router, reader, ctx.out(), ctx.err(), ctx.style(), ctx.interrupt()).run();
        }
    }

    private static String prompt(String value, CliContext ctx) {
        String text = value;
        if (value.equals("-")) {
            try {
                text = new String(ctx.in().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the prompt from standard input: " + e.getMessage(), e);
            }
        }
        if (text.isBlank()) {
            throw new UsageException("--prompt is empty");
        }
        return text.strip();
    }
}
