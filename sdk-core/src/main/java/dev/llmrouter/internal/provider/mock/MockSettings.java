package dev.llmrouter.internal.provider.mock;

import dev.llmrouter.api.ConfigException;
import dev.llmrouter.api.ToolCall;
import dev.llmrouter.api.Usage;
import dev.llmrouter.internal.config.MockKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings of a {@code mock} provider, read from {@code ProviderConfig.mock()} (the keys of
 * {@link MockKeys}, which configuration validation checks too): reply text, latency, gap between streamed chunks, failure rate or script, the
 * failure a failing call produces, its retry hint, the random seed, the models reported, the
 * usage reported and the tool call to answer requests that offer tools with. Immutable and thread-safe.
 */
record MockSettings(String response, Duration latency, Duration chunkDelay, double failureRate, MockOutcome failure,
                    Duration retryAfter, List<MockOutcome> script, Long seed, List<String> models, Usage usage,
                    ToolCall toolCall) {

    /**
     * Reads the settings of provider {@code provider}.
     *
     * @throws ConfigException naming the key and what it accepts, for an unknown key or a bad value
     */
    static MockSettings from(String provider, Map<String, Object> raw) {
        for (String key : raw.keySet()) {
            if (!MockKeys.KEYS.containsKey(key)) {
                throw bad(provider, key, "unknown key; known keys: " + String.join(", ", MockKeys.KEYS.keySet()));
            }
        }
        try {
            Object response = raw.get("response");
            double rate = number(raw, "failure_rate", 0.0).doubleValue();
            if (rate < 0 || rate > 1) {
                throw bad(provider, "failure_rate", "must be between 0 and 1, got " + rate);
            }
            List<MockOutcome> script = new ArrayList<>();
            for (Object o : list(raw, "script")) {
                script.add(MockOutcome.parse(o));
            }
            Number seed = number(raw, "seed", null);
            List<String> models = list(raw, "models").stream().map(String::valueOf).toList();
            return new MockSettings(response == null ? null : String.valueOf(response), duration(provider, raw, "latency"),
                    duration(provider, raw, "chunk_delay"), rate,
                    raw.containsKey("failure") ? MockOutcome.parse(raw.get("failure")) : MockOutcome.parse(500),
                    raw.containsKey("retry_after") ? duration(provider, raw, "retry_after") : null, List.copyOf(script),
                    seed == null ? null : seed.longValue(), models, usage(provider, raw.get("usage")),
                    toolCall(provider, raw.get("tool_call")));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new ConfigException("provider " + provider + ": bad mock setting: " + e.getMessage());
        }
    }

    private static ConfigException bad(String provider, String key, String what) {
        return new ConfigException("provider " + provider + ": mock." + key + ": " + what);
    }

    private static Number number(Map<String, Object> raw, String key, Number dflt) {
        Object v = raw.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
    }

    private static List<?> list(Map<String, Object> raw, String key) {
        Object v = raw.get(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException(key + " must be a list, got '" + v + "'");
    }

    private static Duration duration(String provider, Map<String, Object> raw, String key) {
        Object v = raw.get(key);
        if (v == null) {
            return Duration.ZERO;
        }
        Duration d;
        if (v instanceof Duration dd) {
            d = dd;
        } else if (v instanceof Number n) {
            d = Duration.ofNanos(Math.round(n.doubleValue() * 1e9));
        } else {
            throw bad(provider, key, "must be a duration (java.time.Duration, or seconds as a number), got '" + v + "'");
        }
        if (d.isNegative()) {
            throw bad(provider, key, "cannot be negative, got " + d);
        }
        return d;
    }

    /** The scripted tool call (its id is made per call), or null. */
    private static ToolCall toolCall(String provider, Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m) || !(m.get("name") instanceof String name) || name.isBlank()) {
            throw bad(provider, "tool_call", "must be a map {name, arguments} with a name, got '" + v + "'");
        }
        for (Object k : m.keySet()) {
            if (!MockKeys.TOOL_CALL_KEYS.contains(String.valueOf(k))) {
                throw bad(provider, "tool_call." + k, "unknown key; known keys: " + String.join(", ", MockKeys.TOOL_CALL_KEYS));
            }
        }
        Object arguments = m.get("arguments");
        return new ToolCall("call_mock", name, arguments == null ? null : String.valueOf(arguments));
    }

    private static Usage usage(String provider, Object v) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw bad(provider, "usage", "must be a map {prompt_tokens, completion_tokens}, got '" + v + "'");
        }
        for (Object k : m.keySet()) {
            if (!MockKeys.USAGE_KEYS.contains(String.valueOf(k))) {
                throw bad(provider, "usage." + k, "unknown key; known keys: " + String.join(", ", MockKeys.USAGE_KEYS));
            }
        }
        long prompt = m.get("prompt_tokens") instanceof Number n ? n.longValue() : 0;
        long completion = m.get("completion_tokens") instanceof Number n ? n.longValue() : 0;
        return Usage.of(prompt, completion);
    }
}
