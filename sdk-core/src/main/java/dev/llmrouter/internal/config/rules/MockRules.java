package dev.llmrouter.internal.config.rules;

import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.RouterConfig;
import dev.llmrouter.internal.config.MockKeys;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.Problems;
import dev.llmrouter.internal.config.Suggestions;
import dev.llmrouter.spi.provider.ProviderType;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The settings of {@code mock} providers (MOCK.md): known keys only, values of the right kind,
 * durations not negative, {@code failure_rate} within 0..1, failures that are an HTTP error status
 * or a known name, a non-empty script of {@code ok} or failures, a tool call with a name; and no mock
 * settings on any other
 * type. Thread-safe (static helpers).
 */
final class MockRules {
    private MockRules() {
    }

    static void check(RouterConfig c, Problems p) {
        c.providers().forEach((name, provider) -> {
            String path = Paths.child(Paths.child("providers", name), "mock");
            if (provider.type() != ProviderType.MOCK) {
                if (!provider.mock().isEmpty()) {
                    p.error(path, "mock settings on provider '" + name + "' of type " + provider.type().wireName(),
                            "set type: mock, or remove mock:");
                }
                return;
            }
            check(provider, path, p);
        });
    }

    private static void check(ProviderConfig provider, String path, Problems p) {
        provider.mock().forEach((key, value) -> {
            String at = Paths.child(path, key);
            MockKeys.Kind kind = MockKeys.KEYS.get(key);
            if (kind == null) {
                p.error(at, "unknown key '" + key + "' in mock", Suggestions.hint(key, MockKeys.KEYS.keySet(), "allowed keys"));
                return;
            }
            switch (kind) {
                case TEXT -> expect(value instanceof String, at, key, "text", p);
                case DURATION -> duration(at, key, value, p);
                case NUMBER -> number(at, key, value, p);
                case OUTCOME -> outcome(at, key, value, false, p);
                case OUTCOMES -> outcomes(at, key, value, p);
                case TEXTS -> expect(value instanceof List<?> l && l.stream().allMatch(String.class::isInstance), at, key,
                        "a list of names", p);
                case USAGE -> usage(at, key, value, p);
                case TOOL_CALL -> toolCall(at, key, value, p);
            }
        });
    }

    private static void duration(String at, String key, Object value, Problems p) {
        if (expect(value instanceof Duration, at, key, "a duration", p) && ((Duration) value).isNegative()) {
            p.error(at, key + " must not be negative", "use 0 or more");
        }
    }

    private static void number(String at, String key, Object value, Problems p) {
        if (!expect(value instanceof Number, at, key, "a number", p)) {
            return;
        }
        double d = ((Number) value).doubleValue();
        if (key.equals("failure_rate") && (d < 0 || d > 1)) {
            p.error(at, "failure_rate must be between 0 and 1, got " + value, "0.3 fails about one call in three");
        }
        if (key.equals("seed") && d != Math.rint(d)) {
            p.error(at, "seed must be a whole number, got " + value, "write a number such as 42");
        }
    }

    private static boolean outcome(String at, String key, Object value, boolean okAllowed, Problems p) {
        if (value instanceof Number n) {
            int status = n.intValue();
            if (n.doubleValue() == status && status >= 400 && status <= 599) {
                return true;
            }
        } else if (value instanceof String s && (MockKeys.FAILURE_NAMES.contains(s) || okAllowed && s.equals("ok"))) {
            return true;
        }
        List<String> names = okAllowed ? concat("ok", MockKeys.FAILURE_NAMES) : MockKeys.FAILURE_NAMES;
        p.error(at, "'" + value + "' is not a " + (okAllowed ? "mock outcome" : "mock failure") + " in " + key,
                value instanceof String s && Suggestions.closest(s, names).isPresent()
                        ? "did you mean '" + Suggestions.closest(s, names).get() + "'?"
                        : "use an HTTP status from 400 to 599 or one of: " + String.join(", ", names));
        return false;
    }

    private static void outcomes(String at, String key, Object value, Problems p) {
        if (!expect(value instanceof List<?>, at, key, "a list of outcomes", p)) {
            return;
        }
        List<?> list = (List<?>) value;
        if (list.isEmpty()) {
            p.error(at, "script must not be empty", "list outcomes such as [ok, 500, ok]");
        }
        for (int i = 0; i < list.size(); i++) {
            outcome(Paths.index(at, i), key, list.get(i), true, p);
        }
    }

    private static void usage(String at, String key, Object value, Problems p) {
        if (!expect(value instanceof Map<?, ?>, at, key, "a mapping of token counts", p)) {
            return;
        }
        ((Map<?, ?>) value).forEach((k, v) -> {
            String kat = Paths.child(at, String.valueOf(k));
            if (!MockKeys.USAGE_KEYS.contains(String.valueOf(k))) {
                p.error(kat, "unknown key '" + k + "' in usage", Suggestions.hint(String.valueOf(k), MockKeys.USAGE_KEYS, "allowed keys"));
            } else if (!(v instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
                p.error(kat, k + " must be a whole number of tokens, 0 or more, got " + v, "write a number such as 10");
            }
        });
    }

    private static void toolCall(String at, String key, Object value, Problems p) {
        if (!expect(value instanceof Map<?, ?>, at, key, "a mapping {name, arguments}", p)) {
            return;
        }
        Map<?, ?> call = (Map<?, ?>) value;
        call.forEach((k, v) -> {
            String kat = Paths.child(at, String.valueOf(k));
            if (!MockKeys.TOOL_CALL_KEYS.contains(String.valueOf(k))) {
                p.error(kat, "unknown key '" + k + "' in tool_call", Suggestions.hint(String.valueOf(k), MockKeys.TOOL_CALL_KEYS, "allowed keys"));
            } else if (!(v instanceof String text) || text.isBlank()) {
                p.error(kat, k + " must be non-empty text, got " + v, k.equals("name") ? "write a function name such as get_weather"
                        : "write the arguments as JSON text such as '{\"city\": \"Paris\"}'");
            }
        });
        if (!call.containsKey("name")) {
            p.error(at, "tool_call needs a name", "write tool_call: {name: get_weather, arguments: '{\"city\": \"Paris\"}'}");
        }
    }

    private static boolean expect(boolean ok, String at, String key, String what, Problems p) {
        if (!ok) {
            p.error(at, key + " must be " + what, "see the mock provider's settings");
        }
        return ok;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new java.util.ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }
}
