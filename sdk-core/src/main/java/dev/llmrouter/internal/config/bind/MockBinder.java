package dev.llmrouter.internal.config.bind;

import dev.llmrouter.internal.config.MockKeys;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts a provider's {@code mock:} mapping into the map {@code ProviderConfig.mock()} holds.
 * Only the value types are checked here; keys and ranges are checked by the mock rule, the same
 * way for YAML and for maps built in Java. Thread-safe (static helpers).
 */
final class MockBinder {
    private MockBinder() {
    }

    static Map<String, Object> bind(YNode.Mapping m, String path, BindContext ctx) {
        Section s = new Section(ctx, m, path, m.entries().stream().map(YNode.Entry::key).toList(), "mock");
        Map<String, Object> out = new LinkedHashMap<>();
        for (YNode.Entry e : m.entries()) {
            String key = e.key();
            MockKeys.Kind kind = MockKeys.KEYS.get(key);
            Optional<?> value = kind == null ? s.scalar(key, "a value").map(s::text) : switch (kind) {
                case TEXT -> s.string(key);
                case DURATION -> s.duration(key);
                case NUMBER -> s.number(key).map(MockBinder::number);
                case OUTCOME -> s.scalar(key, "a status or failure name").map(v -> outcome(s.text(v)));
                case OUTCOMES -> s.entry(key).map(x -> outcomes(x.value(), s, Paths.child(path, key)));
                case TEXTS -> s.stringList(key);
                case USAGE -> s.mapping(key).map(u -> usage(u, Paths.child(path, key), ctx));
                case TOOL_CALL -> s.mapping(key).map(t -> toolCall(t, Paths.child(path, key), ctx));
            };
            value.ifPresent(v -> out.put(key, v));
        }
        return out;
    }

    private static Number number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (Number) (long) d : (Number) d;
    }

    private static Object outcome(String text) {
        String t = text.trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return t;
        }
    }

    private static List<Object> outcomes(YNode node, Section s, String path) {
        List<Object> out = new ArrayList<>();
        for (String t : s.strings(node, path, "script")) {
            out.add(outcome(t));
        }
        return out;
    }

    private static Map<String, Object> usage(YNode.Mapping u, String path, BindContext ctx) {
        Section s = new Section(ctx, u, path, u.entries().stream().map(YNode.Entry::key).toList(), "usage");
        Map<String, Object> out = new LinkedHashMap<>();
        for (YNode.Entry e : u.entries()) {
            s.longInteger(e.key()).ifPresent(n -> out.put(e.key(), n));
        }
        return out;
    }

    private static Map<String, Object> toolCall(YNode.Mapping t, String path, BindContext ctx) {
        Section s = new Section(ctx, t, path, t.entries().stream().map(YNode.Entry::key).toList(), "tool_call");
        Map<String, Object> out = new LinkedHashMap<>();
        for (YNode.Entry e : t.entries()) {
            s.string(e.key()).ifPresent(v -> out.put(e.key(), v));
        }
        return out;
    }
}
