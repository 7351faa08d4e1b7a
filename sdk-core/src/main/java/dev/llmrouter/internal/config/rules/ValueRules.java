package dev.llmrouter.internal.config.rules;

import dev.llmrouter.config.Backoff;
import dev.llmrouter.config.DeploymentConfig;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.config.RouterSettings;
import dev.llmrouter.config.Timeouts;
import dev.llmrouter.internal.config.Durations;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.Problems;
import dev.llmrouter.internal.config.StrategyNames;
import dev.llmrouter.internal.config.Suggestions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Ranges of single values: positive rpm/tpm/weights/caps, known routing strategy, sane circuit
 * and backoff settings, group limits that agree with {@code rate_limit_settings.limits}, cache and
 * Redis values. The same checks serve YAML (values are bound as written) and Java-built
 * configurations. Thread-safe (static helpers).
 */
final class ValueRules {
    private ValueRules() {
    }

    static void check(RouterConfig c, Problems p) {
        c.providers().forEach((name, provider) -> {
            String path = Paths.child("providers", name);
            positive(Paths.child(path, "rpm"), provider.rpm().orElse(null), p);
            positive(Paths.child(path, "tpm"), provider.tpm().orElse(null), p);
            positive(Paths.child(path, "max_parallel_requests"), provider.maxParallelRequests().orElse(null), p);
            positive(Paths.child(path, "default_max_tokens"), provider.defaultMaxTokens(), p);
            positive(Paths.child(path, "num_ctx"), provider.numCtx().orElse(null), p);
        });
        c.models().forEach((name, g) -> {
            String path = Paths.child("models", name);
            RateLimit listed = c.rateLimitSettings().limits().get(name);
            // a value that came from rate_limit_settings.limits is checked there, not twice
            positive(Paths.child(path, "rpm"), listed != null && listed.rpm() != null ? null : g.limit().rpm(), p);
            positive(Paths.child(path, "tpm"), listed != null && listed.tpm() != null ? null : g.limit().tpm(), p);
            if (listed != null) {
                conflict(name, "rpm", g.limit().rpm(), listed.rpm(), p);
                conflict(name, "tpm", g.limit().tpm(), listed.tpm(), p);
            }
            for (int i = 0; i < g.deployments().size(); i++) {
                deployment(Paths.index(Paths.child(path, "deployments"), i), g.deployments().get(i), c, p);
            }
        });
        settings(c.routerSettings(), p);
        c.rateLimitSettings().limits().forEach((m, l) -> limit(Paths.child("rate_limit_settings.limits", m), l, p));
        c.rateLimitSettings().typeDefaults().forEach((t, l) -> limit(Paths.child("rate_limit_settings.defaults", t.wireName()), l, p));
        positive("rate_limit_settings.default_output_tokens", c.rateLimitSettings().defaultOutputTokens(), p);
        // a cache entry may live longer than any deadline (Caffeine saturates long durations)
        if (c.cache().ttl().isNegative() || c.cache().ttl().isZero()) {
            p.error("cache.ttl", "ttl must be positive, got " + Durations.format(c.cache().ttl()), "leave it out for the default");
        }
        positive("cache.max_entries", c.cache().maxEntries(), p);
        c.redis().ifPresent(r -> {
            // a bare scheme is what a Sentinel or Cluster section without a url binds to
            if (!r.url().isEmpty() && !r.url().matches("(?i)rediss?://")) {
                String problem = redisUrlProblem(r.url());
                if (problem != null) {
                    p.error("redis.url", "redis url " + problem, "write it like redis://127.0.0.1:6379/0 (rediss:// for TLS)");
                }
            }
            if (r.keyPrefix().isBlank()) {
                p.error("redis.key_prefix", "key_prefix must not be empty", "leave it out for llmrouter:");
            }
            positive("redis.command_timeout", r.commandTimeout(), p);
            redisTopology(r, p);
        });
    }

    private static void redisTopology(dev.llmrouter.config.RedisSettings r, Problems p) {
        if (r.sentinelMaster() != null && r.sentinels().isEmpty()) {
            p.error("redis.sentinels", "sentinel_master is set but no sentinels are listed",
                    "add sentinels: [\"host:26379\", ...]");
        }
        if (r.sentinelMaster() == null && !r.sentinels().isEmpty()) {
            p.error("redis.sentinel_master", "sentinels are listed but sentinel_master is not set",
                    "add sentinel_master: the master name the Sentinels monitor (often mymaster)");
        }
        if (!r.sentinels().isEmpty() && !r.clusterNodes().isEmpty()) {
            p.error("redis.cluster_nodes", "redis sets both sentinels and cluster_nodes", "keep one topology");
        }
        if (r.database() != null && (r.database() < 0 || !r.clusterNodes().isEmpty())) {
            p.error("redis.database", r.database() < 0 ? "database must be 0 or more, got " + r.database()
                    : "Redis Cluster has only database 0", "leave database out");
        }
        for (String n : r.sentinels()) {
            hostPort("redis.sentinels", n, p);
        }
        for (String n : r.clusterNodes()) {
            hostPort("redis.cluster_nodes", n, p);
        }
    }

    private static void hostPort(String path, String node, Problems p) {
        int colon = node.lastIndexOf(':');
        boolean ok = colon > 0 && colon < node.length() - 1;
        if (ok) {
            try {
                int port = Integer.parseInt(node.substring(colon + 1));
                ok = port > 0 && port < 65536;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            p.error(path, "'" + node + "' is not host:port", "write it like 127.0.0.1:26379");
        }
    }

    /**
     * What is wrong with a Redis URL, or null. The URL is never quoted: it may carry a password
     * ({@code redis://user:secret@host}).
     */
    static String redisUrlProblem(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL (" + e.getReason() + ")";
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss")) {
            return "must start with redis:// or rediss://";
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            // java.net.URI leaves the host null when the port is not a number
            String authority = u.getRawAuthority() == null ? "" : u.getRawAuthority();
            String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
            int colon = hostPort.lastIndexOf(':');
            return colon >= 0 && !hostPort.endsWith("]") ? "has a port that is not a number from 1 to 65535"
                    : "has no host";
        }
        if (u.getPort() == 0 || u.getPort() > 65535) {
            return "has a port that is not a number from 1 to 65535";
        }
        String path = u.getPath() == null ? "" : u.getPath();
        if (!path.isEmpty() && !path.equals("/") && !path.substring(1).matches("\\d{1,5}")) {
            return "has a database part that is not a number (write /0 to /15 after the port, or nothing)";
        }
        return null;
    }

    private static void deployment(String path, DeploymentConfig d, RouterConfig c, Problems p) {
        positive(Paths.child(path, "weight"), d.weight(), p);
        if (d.order() < 0) {
            p.error(Paths.child(path, "order"), "order must not be negative, got " + d.order(), "lowest order is tried first");
        }
        limit(path, d.limit(), p);
        positive(Paths.child(path, "max_input_tokens"), d.maxInputTokens().orElse(null), p);
        Integer parallel = d.maxParallelRequests().orElse(null);
        positive(Paths.child(path, "max_parallel_requests"), parallel, p);
        notNegative(Paths.child(path, "input_cost_per_token"), d.inputCostPerToken().orElse(null), p);
        notNegative(Paths.child(path, "output_cost_per_token"), d.outputCostPerToken().orElse(null), p);
        var provider = c.providers().get(d.provider());
        if (provider != null && parallel != null && provider.maxParallelRequests().isPresent()
                && parallel > provider.maxParallelRequests().get()) {
            p.warning(Paths.child(path, "max_parallel_requests"), "max_parallel_requests " + parallel
                    + " is above provider '" + provider.name() + "''s " + provider.maxParallelRequests().get(),
                    "the provider's cap applies; lower it or raise the provider's");
        }
    }

    private static void settings(RouterSettings s, Problems p) {
        String base = "router_settings";
        if (StrategyNames.canonical(s.routingStrategy()).isEmpty()) {
            p.error(Paths.child(base, "routing_strategy"), "unknown routing strategy '" + s.routingStrategy() + "'",
                    Suggestions.closest(s.routingStrategy(), StrategyNames.BUILT_IN).map(x -> "did you mean '" + x + "'?")
                            .orElse("strategies: " + String.join(", ", StrategyNames.BUILT_IN) + ", or custom:NAME for one registered in code"));
        }
        positive(Paths.child(base, "allowed_fails"), s.allowedFails(), p);
        positive(Paths.child(base, "cooldown_time"), s.cooldownTime(), p);
        positive(Paths.child(base, "failure_window"), s.failureWindow(), p);
        if (s.cooldownMultiplier() < 1) {
            p.error(Paths.child(base, "cooldown_multiplier"), "cooldown_multiplier must be at least 1, got " + s.cooldownMultiplier(),
                    "1 keeps the cooldown fixed; 2 doubles it after each failed probe");
        }
        if (s.maxCooldown().compareTo(s.cooldownTime()) < 0) {
            p.warning(Paths.child(base, "max_cooldown"), "max_cooldown (" + Durations.format(s.maxCooldown())
                    + ") is shorter than cooldown_time (" + Durations.format(s.cooldownTime()) + ")",
                    "the cooldown never grows past max_cooldown; raise it");
        }
        if (s.numRetries() < 0) {
            p.error(Paths.child(base, "num_retries"), "num_retries must not be negative, got " + s.numRetries(),
                    "0 means no retry within the group");
        }
        s.healthCheckInterval().ifPresent(d -> positive(Paths.child(base, "health_check_interval"), d, p));
        Backoff b = s.backoff();
        String bp = Paths.child(base, "retry_backoff");
        positive(Paths.child(bp, "initial"), b.initial(), p);
        positive(Paths.child(bp, "max_server_delay"), b.maxServerDelay(), p);
        if (b.max().compareTo(b.initial()) < 0) {
            p.error(Paths.child(bp, "max"), "retry_backoff.max (" + Durations.format(b.max()) + ") is shorter than initial ("
                    + Durations.format(b.initial()) + ")", "make max at least initial");
        }
        if (b.multiplier() < 1) {
            p.error(Paths.child(bp, "multiplier"), "retry_backoff.multiplier must be at least 1, got " + b.multiplier(),
                    "2 doubles the delay each retry");
        }
        if (b.jitter() < 0 || b.jitter() > 1) {
            p.error(Paths.child(bp, "jitter"), "retry_backoff.jitter must be between 0 and 1, got " + b.jitter(),
                    "0.25 takes up to a quarter off each delay");
        }
    }

    private static void conflict(String model, String field, Integer group, Integer listed, Problems p) {
        if (group != null && listed != null && !group.equals(listed)) {
            p.error(Paths.child(Paths.child("rate_limit_settings.limits", model), field), "the " + field + " of model '" + model
                    + "' is " + listed + " here but " + group + " on the group (" + p.describe(Paths.child(Paths.child("models", model),
                    field)) + ")", "set it in one place");
        }
    }

    private static void limit(String path, RateLimit l, Problems p) {
        positive(Paths.child(path, "rpm"), l.rpm(), p);
        positive(Paths.child(path, "tpm"), l.tpm(), p);
    }

    private static void positive(String path, Number n, Problems p) {
        if (n != null && n.longValue() <= 0) {
            p.error(path, name(path) + " must be positive, got " + n, hintFor(path));
        }
    }

    private static void positive(String path, Duration d, Problems p) {
        if (d.isNegative() || d.isZero()) {
            p.error(path, name(path) + " must be positive, got " + Durations.format(d), "leave it out for the default");
        } else if (d.compareTo(Timeouts.MAXIMUM) > 0) {
            // every duration ends up in nanosecond arithmetic: 300 years overflows it
            p.error(path, name(path) + " must be at most 720h (30 days), got " + Durations.format(d), "use a shorter duration");
        }
    }

    private static void notNegative(String path, Double d, Problems p) {
        if (d != null && d < 0) {
            p.error(path, name(path) + " must not be negative, got " + d, "prices are per token, 0 or more");
        }
    }

    private static String name(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf(']'));
        return path.substring(cut + 1);
    }

    private static String hintFor(String path) {
        String n = name(path);
        return List.of("rpm", "tpm").contains(n) ? "leave it out for no limit of its own" : "use a value above zero";
    }
}
