package dev.llmrouter.cli.command;

import dev.llmrouter.RouterHealth;
import dev.llmrouter.cli.CliContext;
import dev.llmrouter.cli.config.BuiltinConfigs;
import dev.llmrouter.cli.config.ConfigSource;
import dev.llmrouter.cli.terminal.LineReader;
import dev.llmrouter.config.ProviderConfig;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The interactive chat on a fresh machine: no configuration given or found, no cloud key set, and
 * none of the local servers the built-in default points at (Ollama, vLLM, llama.cpp on their usual
 * ports) answers its health probe. The chat says so in one line before the first prompt; on a
 * terminal it asks whether to continue on the demo providers (Enter means yes), otherwise it says
 * how to. Stateless and thread-safe.
 */
final class FirstRun {
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    private FirstRun() {
    }

    /** True when {@code router} runs on the built-in default with local servers only, and none answers. */
    static boolean noServerAnswers(RouterHandle router) {
        ConfigSource source = router.source();
        if (!source.builtIn() || !BuiltinConfigs.DEFAULT_NAME.equals(source.description())) {
            return false;
        }
        List<ProviderConfig> providers = router.config().providers().values().stream().filter(ProviderConfig::isActive).toList();
        if (!providers.stream().allMatch(FirstRun::local)) {
            return false;
        }
        return router.router().health().providers().stream().noneMatch(RouterHealth.ProviderHealth::healthy);
    }

    /**
     * Says that nothing answers and offers the demo providers.
     *
     * @param router the router on the built-in default
     * @param reader where the answer to the question is read (on a terminal)
     * @param terminal true when the user can be asked
     * @return the router on the demo providers when the user accepted, else null (the chat goes on
     *         with the built-in default, so a server started meanwhile answers)
     * @throws LineReader.Interrupted when the user pressed Ctrl-C at the question
     */
    static RouterHandle offerDemo(RouterHandle router, LineReader reader, boolean terminal, CliContext ctx) {
        String servers = router.config().providers().values().stream().filter(ProviderConfig::isActive)
                .map(p -> p.name() + " at " + hostPort(p)).collect(Collectors.joining(", "));
        String line = "No configuration found and no local model server answers (" + servers + ").";
        if (!terminal) {
            ctx.err().println(ctx.style().yellow(line) + " Run 'llmrouter chat --demo' to chat with mock providers,"
                    + " or pass --config FILE.");
            return null;
        }
        ctx.err().println(ctx.style().yellow(line));
        ctx.err().flush();
        String answer = reader.readLine("Chat with the built-in demo providers instead (mock answers, no server)? [Y/n] ");
        if (answer != null && isYes(answer)) {
            ctx.err().println("Using the demo providers. For a real model, start a server (e.g. 'ollama serve') or pass"
                    + " --config FILE; 'llmrouter health' shows what answers.");
            return RouterHandle.open(ConfigSource.ofText(BuiltinConfigs.demo(), BuiltinConfigs.DEMO_NAME), ctx);
        }
        ctx.err().println("Staying on the local servers: start one (e.g. 'ollama serve') and ask;"
                + " 'llmrouter health' shows what answers.");
        return null;
    }

    private static boolean isYes(String answer) {
        String a = answer.strip().toLowerCase(Locale.ROOT);
        return a.isEmpty() || a.equals("y") || a.equals("yes");
    }

    private static boolean local(ProviderConfig p) {
        String host = URI.create(p.baseUrl()).getHost();
        return host != null && LOOPBACK.contains(host.toLowerCase(Locale.ROOT));
    }

    private static String hostPort(ProviderConfig p) {
        URI uri = URI.create(p.baseUrl());
        return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
