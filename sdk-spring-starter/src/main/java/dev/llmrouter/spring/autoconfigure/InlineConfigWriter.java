package dev.llmrouter.spring.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the inline {@code llmrouter.*} tree back as the router's YAML (snake_case keys, one value
 * per line), so the core's reader validates it exactly as it validates a file. Remembers, for
 * every line, the Spring property it came from, so a problem the reader finds at a line can be
 * reported at that property's origin. Secrets are not written: each becomes a {@code ${...}}
 * reference resolved through {@link #secrets()}, so they never appear in the text or in a problem
 * report. Not thread-safe: one instance per conversion.
 */
final class InlineConfigWriter {
    /** The properties that configure the starter, not the router. */
    private static final Set<String> STARTER_ONLY = Set.of("config", "chatModel");
    private static final Set<String> SECRETS = Set.of("apiKey", "password");
    static final String SECRET_VARIABLE = "LLMROUTER_SPRING_SECRET_";
    private static final Pattern PLAIN = Pattern.compile("-?[0-9]+(\\.[0-9]+)?(ms|s|m|h)?|true|false");

    private final StringBuilder out = new StringBuilder();
    private final List<String> propertyByLine = new ArrayList<>();
    private final Map<String, String> secrets = new LinkedHashMap<>();

    /** The YAML for {@code properties}, empty when no inline key is set. */
    String write(LlmRouterProperties properties) {
        writeRecord(properties, "llmrouter", 0, true);
        return out.toString();
    }

    /** True when any router key (not a starter-only one) is set inline. */
    static boolean hasInlineTree(LlmRouterProperties properties) {
        return !new InlineConfigWriter().write(properties).isEmpty();
    }

    /** The Spring property name behind 1-based {@code line}, or null. */
    String propertyAt(int line) {
        return line >= 1 && line <= propertyByLine.size() ? propertyByLine.get(line - 1) : null;
    }

    /** The values of the {@code ${LLMROUTER_SPRING_SECRET_n}} references written in place of secrets. */
    Map<String, String> secrets() {
        return secrets;
    }

    private void writeRecord(Record r, String property, int indent, boolean top) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            if (top && STARTER_ONLY.contains(c.getName())) {
                continue;
            }
            Object value = read(c, r);
            if (value == null || isEmpty(value)) {
                continue;
            }
            String name = property + "." + kebab(c.getName());
            if (SECRETS.contains(c.getName())) {
                String variable = SECRET_VARIABLE + (secrets.size() + 1);
                secrets.put(variable, value.toString());
                value = "${" + variable + "}";
            }
            writeEntry(snake(c.getName()), value, name, indent);
        }
    }

    private void writeEntry(String key, Object value, String property, int indent) {
        if (isScalar(value)) {
            line(indent, key + ": " + scalar(value), property);
        } else {
            line(indent, key + ":", property);
            writeValue(value, property, indent + 2);
        }
    }

    private void writeValue(Object value, String property, int indent) {
        if (value instanceof Record r) {
            writeRecord(r, property, indent, false);
        } else if (value instanceof Map<?, ?> m && !isIndexed(m)) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() != null) {
                    String key = String.valueOf(e.getKey());
                    writeEntry(quote(key), e.getValue(), property + "[" + key + "]", indent);
                }
            }
        } else {
            List<?> items = value instanceof List<?> l ? l : new ArrayList<>(((Map<?, ?>) value).values());
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                String at = property + "[" + i + "]";
                if (isScalar(item)) {
                    line(indent, "- " + scalar(item), at);
                } else {
                    line(indent, "-", at);
                    writeValue(item, at, indent + 2);
                }
            }
        }
    }

    /** A map Spring bound from a list under an untyped value ({@code script[0]}, {@code script[1]}). */
    private static boolean isIndexed(Map<?, ?> m) {
        int i = 0;
        for (Object k : m.keySet()) {
            if (!String.valueOf(k).equals(String.valueOf(i)) && !String.valueOf(k).equals("[" + i + "]")) {
                return false;
            }
            i++;
        }
        return !m.isEmpty();
    }

    private void line(int indent, String text, String property) {
        out.append(" ".repeat(indent)).append(text).append('\n');
        propertyByLine.add(property);
    }

    private static boolean isScalar(Object v) {
        return !(v instanceof Record) && !(v instanceof Map<?, ?>) && !(v instanceof List<?>);
    }

    private static boolean isEmpty(Object v) {
        if (v instanceof Map<?, ?> m) {
            return m.isEmpty();
        }
        if (v instanceof List<?> l) {
            return l.isEmpty();
        }
        if (v instanceof Record r) {
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                Object x = read(c, r);
                if (x != null && !isEmpty(x)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static String scalar(Object v) {
        if (v instanceof Duration d) {
            return d.toNanos() % 1_000_000_000L == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
        }
        if (v instanceof Number || v instanceof Boolean || PLAIN.matcher(v.toString()).matches()) {
            // untyped values (a mock provider's script) arrive as strings; numbers and durations stay plain
            return v.toString();
        }
        return quote(v.toString());
    }

    /** A YAML double-quoted scalar: JSON string escaping is valid YAML. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static Object read(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    static String kebab(String camel) {
        return snake(camel).replace('_', '-');
    }
}
