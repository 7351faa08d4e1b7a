package dev.llmrouter.cli.doctor;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.RouterHealth;
import dev.llmrouter.cli.config.ConfigLoading;
import dev.llmrouter.cli.config.ConfigSource;
import dev.llmrouter.cli.output.Formats;
import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.LoadResult;
import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RedisSettings;
import dev.llmrouter.config.RouterConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of {@code llmrouter doctor}, in the order an operator would run them before go-live:
 * the configuration is valid; every environment variable it references is set; each active
 * provider is reachable and serves the models configured for it; Redis, when configured, answers
 * and keeps its data (AOF or RDB); this machine's clock agrees with the providers' and Redis's.
 * Later checks that need a valid configuration are skipped when it has errors. Stateless and
 * thread-safe.
 */
public final class Doctor {
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)");
    private static final Duration CLOCK_WARN = Duration.ofSeconds(5);
    /** Beyond this, TLS certificates and signed API requests start failing. */
    private static final Duration CLOCK_FAIL = Duration.ofMinutes(5);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(3);

    private Doctor() {
    }

    /**
     * Runs every check.
     *
     * @param source the configuration to check
     * @param env the environment variables the configuration reads
     */
    public static List<Check> run(ConfigSource source, Map<String, String> env) {
        List<Check> checks = new ArrayList<>();
        LoadResult result = ConfigLoading.read(source, env);
        if (result.hasErrors()) {
            checks.add(Check.fail("configuration", Formats.count(result.errors().size(), "error") + ": run 'llmrouter validate' for all of them"));
            result.errors().stream().limit(5).forEach(p -> checks.add(Check.fail("configuration", p.format())));
        } else {
            RouterConfig c = result.config().orElseThrow();
            checks.add(Check.ok("configuration", "valid: " + Formats.count(c.providers().size(), "provider") + ", "
                    + Formats.count(c.models().size(), "model group")));
        }
        result.warnings().forEach(p -> checks.add(Check.warn("configuration", p.format())));
        checks.addAll(environment(source, env, result.errors()));
        if (result.config().isEmpty()) {
            checks.add(Check.fail("providers", "not checked: the configuration has errors"));
            return checks;
        }
        RouterConfig config = result.config().get();
        List<URI> clocks = new ArrayList<>();
        checks.addAll(providers(config, clocks));
        Optional<Instant> redisTime = Optional.empty();
        if (config.redis().isPresent()) {
            redisTime = redis(config.redis().get(), checks);
        }
        checks.add(clock(clocks, redisTime));
        return checks;
    }

    private static List<Check> environment(ConfigSource source, Map<String, String> env, List<ConfigProblem> errors) {
        Set<String> names = new LinkedHashSet<>();
        for (String text : texts(source)) {
            Matcher m = ENV_REF.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        List<Check> checks = new ArrayList<>();
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                checks.add(Check.ok("env " + name, "set"));
            } else if (errors.stream().anyMatch(p -> p.message().contains(name))) {
                checks.add(Check.fail("env " + name, "not set: export it in the service's environment (an EnvironmentFile with mode 0600)"));
            } else {
                checks.add(Check.warn("env " + name, "not set; nothing active needs it now (a disabled provider?)"));
            }
        }
        if (names.isEmpty()) {
            checks.add(Check.ok("environment", "the configuration references no environment variable"));
        }
        return checks;
    }

    private static List<String> texts(ConfigSource source) {
        if (source.builtIn()) {
            return List.of(source.yaml());
        }
        List<String> texts = new ArrayList<>();
        for (Path f : source.files()) {
            try {
                texts.add(Files.readString(f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        return texts;
    }

    /** Probes each active provider through a router (local state: Redis is checked on its own). */
    private static List<Check> providers(RouterConfig config, List<URI> clocks) {
        List<Check> checks = new ArrayList<>();
        try (LlmRouter router = LlmRouter.builder().config(config.toBuilder().redis(null).build()).build()) {
            RouterHealth health = router.health();
            for (RouterHealth.ProviderHealth p : health.providers()) {
                String subject = "provider " + p.name();
                if (!p.active()) {
                    checks.add(Check.ok(subject, "disabled: not checked"));
                    continue;
                }
                if (!p.healthy()) {
                    checks.add(Check.fail(subject, "not healthy: " + Optional.ofNullable(p.probe()).map(r -> r.detail())
                            .orElse("no probe answer in time")));
                    continue;
                }
                clocks.add(URI.create(config.providers().get(p.name()).baseUrl()));
                List<String> served = new ArrayList<>();
                List<String> missing = new ArrayList<>();
                for (RouterHealth.DeploymentHealth d : health.deployments()) {
                    if (d.provider().equals(p.name())) {
                        if (Boolean.FALSE.equals(d.served())) {
                            missing.add(d.model() + " (" + d.id() + ")");
                        } else if (!served.contains(d.model())) {
                            served.add(d.model());
                        }
                    }
                }
                String latency = Optional.ofNullable(p.probe()).map(r -> Formats.duration(r.latency())).orElse("?");
                if (missing.isEmpty()) {
                    checks.add(Check.ok(subject, "reachable (" + latency + "), serves " + String.join(", ", served)));
                } else {
                    checks.add(Check.fail(subject, "reachable (" + latency + ") but does not serve " + String.join(", ", missing)
                            + ": load or pull the model, or fix its name"));
                }
            }
        }
        return checks;
    }

    private static Optional<Instant> redis(RedisSettings settings, List<Check> checks) {
        String subject = "redis " + RedisProbe.address(settings);
        if (settings.url().startsWith("rediss:")) {
            checks.add(Check.warn(subject, "TLS (rediss://): not checked by doctor; check it with redis-cli --tls"));
            return Optional.empty();
        }
        try {
            RedisProbe.Found found = RedisProbe.probe(settings);
            if (found.persistent()) {
                checks.add(Check.ok(subject, "reachable, persistence on (" + (found.aof() ? "AOF" : "RDB save " + found.rdbSave()) + ")"));
            } else {
                checks.add(Check.fail(subject, "reachable, but persistence is off (no AOF, no RDB save): circuit and rate-limit"
                        + " state is lost on a restart; set appendonly yes"));
            }
            return Optional.ofNullable(found.serverTime());
        } catch (IOException | RuntimeException e) {
            checks.add(Check.fail(subject, "not reachable: " + e.getMessage()));
            return Optional.empty();
        }
    }

    /** This machine's clock against Redis's TIME and the providers' HTTP Date headers. */
    private static Check clock(List<URI> servers, Optional<Instant> redisTime) {
        List<String> compared = new ArrayList<>();
        Duration worst = Duration.ZERO;
        String worstWith = null;
        if (redisTime.isPresent()) {
            Duration skew = Duration.between(redisTime.get(), Instant.now()).abs();
            compared.add("redis");
            worst = skew;
            worstWith = "redis";
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
        for (URI uri : servers) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(HTTP_TIMEOUT)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
                Optional<String> date = r.headers().firstValue("Date");
                if (date.isPresent()) {
                    Instant theirs = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                    // a Date header has whole seconds: up to 1 s of the difference is its rounding
                    Duration skew = Duration.between(theirs, Instant.now()).abs().minusSeconds(1);
                    skew = skew.isNegative() ? Duration.ZERO : skew;
                    compared.add(uri.getHost() + ":" + uri.getPort());
                    if (skew.compareTo(worst) > 0 || worstWith == null) {
                        worst = skew;
                        worstWith = uri.getHost() + ":" + uri.getPort();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // that server's clock cannot be read; the provider check already reported reachability
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (compared.isEmpty()) {
            return Check.warn("clock", "no server to compare with (no Date header, no Redis): check that NTP is on (timedatectl)");
        }
        String detail = "differs by at most " + Formats.duration(worst) + " from " + String.join(", ", compared);
        if (worst.compareTo(CLOCK_FAIL) > 0) {
            return Check.fail("clock", detail + " (worst: " + worstWith + "): TLS and signed requests fail; turn on NTP");
        }
        if (worst.compareTo(CLOCK_WARN) > 0) {
            return Check.warn("clock", detail + " (worst: " + worstWith + "): turn on NTP (timedatectl set-ntp true)");
        }
        return Check.ok("clock", detail);
    }
}
