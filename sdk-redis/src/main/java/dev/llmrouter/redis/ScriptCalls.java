package dev.llmrouter.redis;

import dev.llmrouter.api.FailureKind;
import dev.llmrouter.config.RateLimit;
import dev.llmrouter.spi.state.AdmissionRequest;
import dev.llmrouter.spi.state.AttemptResult;
import dev.llmrouter.spi.state.CircuitPolicy;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The script calls of {@link RedisAdmissionControl}, keys and arguments in the order each script
 * reads them (see the header of each {@code .lua} file): admit, settle, forget, the group's own
 * window on Cluster, and the view. Attempt ids are made unique across JVMs by a random per-instance
 * prefix. Builds calls only; sends nothing. Immutable and thread-safe.
 */
final class ScriptCalls {
    /** The rpm/tpm window. */
    static final long WINDOW_US = 60_000_000L;
    /** The width of one window bucket (61 buckets are kept; see the script). */
    static final long BUCKET_US = 1_000_000L;
    private static final long SLACK_MS = 1_000;
    private static final long USAGE_TTL_MS = TimeUnit.DAYS.toMillis(7);

    private final RedisKeys keys;
    private final RedisScripts scripts = new RedisScripts();
    private final long leaseTtlUs;
    private final long minProbeLeaseUs;
    private final boolean groupInScript;
    private final String instance;

    ScriptCalls(RedisKeys keys, Duration leaseTtl, Duration minProbeLease, boolean groupInScript) {
        this.keys = keys;
        this.leaseTtlUs = micros(leaseTtl);
        this.minProbeLeaseUs = micros(minProbeLease);
        this.groupInScript = groupInScript;
        byte[] r = new byte[6];
        new SecureRandom().nextBytes(r);
        this.instance = HexFormat.of().formatHex(r);
    }

    /** How long a lease and a granted attempt record live in Redis when never settled. */
    long leaseTtlUs() {
        return leaseTtlUs;
    }

    /** True when the group's window is a call of its own (Cluster) and the group has a limit. */
    boolean separateGroup(AdmissionRequest r) {
        return !groupInScript && limited(r.groupLimit());
    }

    /** The admit script: circuit, windows, leases, attempt record; all or nothing. */
    DeferredSettles.Command admit(AdmissionRequest r) {
        boolean group = groupInScript && limited(r.groupLimit());
        CircuitPolicy policy = r.circuit();
        List<String> a = List.of(attemptId(r), Long.toString(minProbeLeaseUs), limit(r.deploymentLimit().rpm()),
                limit(r.deploymentLimit().tpm()), limit(group ? r.groupLimit().rpm() : null),
                limit(group ? r.groupLimit().tpm() : null), Long.toString(r.reservedTokens()),
                Integer.toString(Math.max(0, r.providerMaxParallel())), Integer.toString(Math.max(0, r.deploymentMaxParallel())),
                Long.toString(leaseTtlUs), Long.toString(WINDOW_US), Long.toString(BUCKET_US),
                Long.toString(micros(policy.failureWindow())), Long.toString(maxCooldownUs(policy)), Long.toString(SLACK_MS));
        return new DeferredSettles.Command(scripts.admit, admitKeys(r), a);
    }

    /** The forget script: undoes a grant of {@code r}'s admit nobody will settle, or refuses it ahead. */
    DeferredSettles.Command forget(AdmissionRequest r) {
        CircuitPolicy policy = r.circuit();
        List<String> a = List.of(attemptId(r), Long.toString(WINDOW_US), Long.toString(BUCKET_US),
                Long.toString(leaseTtlUs / 1000 + SLACK_MS), Long.toString(micros(policy.failureWindow())),
                Long.toString(maxCooldownUs(policy)), Long.toString(SLACK_MS));
        return new DeferredSettles.Command(scripts.forget, admitKeys(r), a);
    }

    /** The admit's keys (the forget's too): circuit, window, provider and deployment leases, attempt, [group window]. */
    private List<String> admitKeys(AdmissionRequest r) {
        String p = r.provider();
        String d = r.deploymentId();
        List<String> k = new ArrayList<>(6);
        k.add(keys.circuit(p, d));
        k.add(keys.deploymentWindow(p, d));
        k.add(keys.providerLeases(p));
        k.add(keys.deploymentLeases(p, d));
        k.add(keys.attempt(p, attemptId(r)));
        if (groupInScript && limited(r.groupLimit())) {
            k.add(keys.groupWindow(r.group()));
        }
        return k;
    }

    /**
     * The settle script call, and on Cluster the group's own settle when the group has a limit;
     * {@code answered} when the caller reads the window figures of the reply (a deferred settle's
     * reply is not read, so the script skips computing them).
     */
    List<DeferredSettles.Command> settle(AdmissionRequest r, AttemptResult result, long actualTokens, boolean answered) {
        String p = r.provider();
        String d = r.deploymentId();
        List<String> k = new ArrayList<>(7);
        k.add(keys.circuit(p, d));
        k.add(keys.deploymentWindow(p, d));
        k.add(keys.providerLeases(p));
        k.add(keys.deploymentLeases(p, d));
        k.add(keys.attempt(p, attemptId(r)));
        k.add(keys.usage(p, d));
        if (groupInScript && limited(r.groupLimit())) {
            k.add(keys.groupWindow(r.group()));
        }
        CircuitPolicy policy = r.circuit();
        boolean counts = result.countsForCircuit();
        long tokens = actualTokens < 0 ? -1 : actualTokens;
        Duration hint = result.retryAfter();
        List<String> a = List.of(attemptId(r), Long.toString(tokens), flag(result.success()),
                flag(counts), flag(counts && result.failure().opensCircuitImmediately()),
                flag(!result.success() && result.failure() == FailureKind.RATE_LIMITED),
                Long.toString(hint == null || hint.isNegative() ? -1L : micros(hint)),
                Integer.toString(policy.allowedFails()), Long.toString(micros(policy.failureWindow())),
                Long.toString(micros(policy.cooldown())), Double.toString(policy.cooldownMultiplier()),
                Long.toString(micros(policy.maxCooldown())), Long.toString(WINDOW_US), Long.toString(BUCKET_US),
                Long.toString(SLACK_MS), Long.toString(USAGE_TTL_MS), flag(r.providerMaxParallel() > 0), flag(answered));
        DeferredSettles.Command settle = new DeferredSettles.Command(scripts.settle, k, a);
        if (separateGroup(r)) {
            return List.of(settle, group("settle", r, tokens));
        }
        return List.of(settle);
    }

    /** The group script on Cluster: {@code op} is reserve, cancel or settle. */
    DeferredSettles.Command group(String op, AdmissionRequest r, long tokens) {
        List<String> k = List.of(keys.groupWindow(r.group()), keys.groupAttempt(r.group(), attemptId(r)));
        List<String> a = List.of(op, limit(r.groupLimit().rpm()), limit(r.groupLimit().tpm()), Long.toString(tokens),
                Long.toString(WINDOW_US), Long.toString(BUCKET_US), Long.toString(SLACK_MS),
                Long.toString(leaseTtlUs / 1000 + SLACK_MS));
        return new DeferredSettles.Command(scripts.group, k, a);
    }

    /** The view script of a deployment of provider {@code p}; a null policy means the rpm window. */
    DeferredSettles.Command view(String p, String deploymentId, CircuitPolicy policy) {
        long fw = policy == null ? WINDOW_US : micros(policy.failureWindow());
        List<String> k = List.of(keys.circuit(p, deploymentId), keys.deploymentWindow(p, deploymentId),
                keys.deploymentLeases(p, deploymentId));
        return new DeferredSettles.Command(scripts.view, k,
                List.of(Long.toString(fw), Long.toString(WINDOW_US), Long.toString(BUCKET_US)));
    }

    private String attemptId(AdmissionRequest r) {
        return instance + ":" + r.attemptId();
    }

    static boolean limited(RateLimit l) {
        return l.rpm() != null || l.tpm() != null;
    }

    private static String limit(Integer v) {
        return v == null ? "-1" : Integer.toString(Math.max(0, v));
    }

    private static String flag(boolean b) {
        return b ? "1" : "0";
    }

    private static long maxCooldownUs(CircuitPolicy p) {
        return Math.max(micros(p.maxCooldown()), micros(p.cooldown()));
    }

    static long micros(Duration d) {
        try {
            return TimeUnit.NANOSECONDS.toMicros(d.toNanos());
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 4_000;
        }
    }
}
