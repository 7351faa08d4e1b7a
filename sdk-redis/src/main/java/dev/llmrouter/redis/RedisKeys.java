package dev.llmrouter.redis;

import java.util.Objects;

/**
 * The key layout under one prefix (default {@code llmrouter:}). Every key a deployment's admission
 * touches carries its provider's hash tag, so one script touches one Redis Cluster slot:
 * <pre>
 * PREFIX{p:PROVIDER}:cb:DEPLOYMENT     hash   the circuit (state, open-until, level, probe lease, failures)
 * PREFIX{p:PROVIDER}:win:DEPLOYMENT    hash   the deployment's rpm/tpm window (61 one-second buckets)
 * PREFIX{p:PROVIDER}:lease             zset   the provider's concurrency leases (attempt -> expiry us)
 * PREFIX{p:PROVIDER}:dlease:DEPLOYMENT zset   the deployment's leases (its cap, in-flight count)
 * PREFIX{p:PROVIDER}:att:ATTEMPT       string one granted attempt (makes admit idempotent, settle once)
 * PREFIX{p:PROVIDER}:use:DEPLOYMENT    hash   token usage counters (requests, failures, tokens)
 * PREFIX{g:GROUP}:win                  hash   a model group's rpm/tpm window
 * PREFIX{g:GROUP}:att:ATTEMPT          string a group reservation (Cluster only: its own slot)
 * </pre>
 * Every key expires by itself. Names are used as written; {@code {}} in a name is replaced by
 * {@code ()} so a name cannot break the hash tag. Immutable and thread-safe.
 */
public final class RedisKeys {
    private final String prefix;

    /** Keys under {@code prefix}. */
    public RedisKeys(String prefix) {
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("the key prefix must not be empty");
        }
    }

    /** The prefix. */
    public String prefix() {
        return prefix;
    }

    /** The hash-tagged part shared by every key of a provider's deployments. */
    public String providerTag(String provider) {
        return prefix + "{p:" + clean(provider) + "}:";
    }

    /** The circuit hash of a deployment. */
    public String circuit(String provider, String deployment) {
        return providerTag(provider) + "cb:" + clean(deployment);
    }

    /** The rpm/tpm window of a deployment. */
    public String deploymentWindow(String provider, String deployment) {
        return providerTag(provider) + "win:" + clean(deployment);
    }

    /** The provider's concurrency leases. */
    public String providerLeases(String provider) {
        return providerTag(provider) + "lease";
    }

    /** The deployment's concurrency leases. */
    public String deploymentLeases(String provider, String deployment) {
        return providerTag(provider) + "dlease:" + clean(deployment);
    }

    /** The record of one granted attempt. */
    public String attempt(String provider, String attemptId) {
        return providerTag(provider) + "att:" + clean(attemptId);
    }

    /** The usage counters of a deployment. */
    public String usage(String provider, String deployment) {
        return providerTag(provider) + "use:" + clean(deployment);
    }

    /** The rpm/tpm window of a model group. */
    public String groupWindow(String group) {
        return prefix + "{g:" + clean(group) + "}:win";
    }

    /** A group reservation's record (Cluster only). */
    public String groupAttempt(String group, String attemptId) {
        return prefix + "{g:" + clean(group) + "}:att:" + clean(attemptId);
    }

    private static String clean(String name) {
        return name.indexOf('{') < 0 && name.indexOf('}') < 0 ? name : name.replace('{', '(').replace('}', ')');
    }
}
