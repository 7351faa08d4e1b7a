package dev.llmrouter.internal.config.bind;

import dev.llmrouter.internal.config.Durations;
import dev.llmrouter.internal.config.Location;
import dev.llmrouter.internal.config.Paths;
import dev.llmrouter.internal.config.Problems;
import dev.llmrouter.internal.config.Suggestions;
import dev.llmrouter.internal.config.yaml.YNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One YAML mapping being bound, at a configuration path: it reports unknown keys (with "did you
 * mean") when created, and its getters read typed values, expanding {@code ${VAR}}, reporting a
 * wrong type with its place, and recording where each value was written so later rules can point
 * at it. A getter returns empty when the key is absent, null, or not usable (already reported).
 * Not thread-safe.
 */
public final class Section {
    private final BindContext ctx;
    private final YNode.Mapping map;
    private final String path;

    /** A section whose allowed keys are {@code allowed}; {@code what} names it in messages. */
    public Section(BindContext ctx, YNode.Mapping map, String path, List<String> allowed, String what) {
        this(ctx, map, path, allowed, what, Map.of());
    }

    /**
     * As {@link #Section(BindContext, YNode.Mapping, String, List, String)}, with a specific hint
     * for keys known to belong elsewhere (a LiteLLM-only key, say).
     */
    public Section(BindContext ctx, YNode.Mapping map, String path, List<String> allowed, String what,
                   Map<String, String> elsewhere) {
        this.ctx = ctx;
        this.map = map;
        this.path = path;
        for (YNode.Entry e : map.entries()) {
            if (!allowed.contains(e.key())) {
                String hint = elsewhere.containsKey(e.key()) ? elsewhere.get(e.key())
                        : Suggestions.hint(e.key(), allowed, "allowed keys");
                ctx.problems().errorAt(e.keyLocation(), "unknown key '" + e.key() + "' in " + what, hint);
            }
        }
    }

    /**
     * A section that accepts any key: the caller decides what an unexpected key means (the LiteLLM
     * importer warns instead of failing).
     */
    public static Section lenient(BindContext ctx, YNode.Mapping map, String path) {
        return new Section(ctx, map, path, map.entries().stream().map(YNode.Entry::key).toList(), "");
    }

    /** The mapping. */
    public YNode.Mapping node() {
        return map;
    }

    /** The configuration path of this section. */
    public String path() {
        return path;
    }

    /** The path of one key. */
    public String path(String key) {
        return Paths.child(path, key);
    }

    /** The entry for {@code key}, present and not null. */
    public Optional<YNode.Entry> entry(String key) {
        return map.get(key).filter(e -> !(e.value() instanceof YNode.Scalar s && s.isNull()));
    }

    /** True when {@code key} is present with a value. */
    public boolean has(String key) {
        return entry(key).isPresent();
    }

    /** Where the key is written, when present. */
    public Optional<Location> keyLocation(String key) {
        return map.get(key).map(YNode.Entry::keyLocation);
    }

    /** The scalar at {@code key}, recorded; a mapping or list there is reported. */
    public Optional<YNode.Scalar> scalar(String key, String expected) {
        Optional<YNode.Entry> e = entry(key);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        problems().place(path(key), e.get().value().location());
        if (e.get().value() instanceof YNode.Scalar s) {
            return Optional.of(s);
        }
        problems().errorAt(e.get().value().location(), "'" + key + "' must be " + expected + ", not " + e.get().value().describe(),
                "write a single value");
        return Optional.empty();
    }

    /** Text, with variables expanded. */
    public Optional<String> string(String key) {
        return scalar(key, "text").map(s -> text(s));
    }

    /** A whole number that fits an int. */
    public Optional<Integer> integer(String key) {
        return longInteger(key).flatMap(v -> {
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                problems().errorAt(entry(key).get().value().location(), "'" + key + "' is too large: " + v,
                        "use a value up to " + Integer.MAX_VALUE);
                return Optional.empty();
            }
            return Optional.of(v.intValue());
        });
    }

    /** A whole number. */
    public Optional<Long> longInteger(String key) {
        return scalar(key, "a whole number").flatMap(s -> toLong(key, s));
    }

    /** A number, whole or not. */
    public Optional<Double> number(String key) {
        return scalar(key, "a number").flatMap(s -> toDouble(key, s));
    }

    /** {@code true} or {@code false}. */
    public Optional<Boolean> bool(String key) {
        return scalar(key, "true or false").flatMap(s -> {
            String t = text(s).trim().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "true", "yes", "on" -> Optional.of(true);
                case "false", "no", "off" -> Optional.of(false);
                default -> {
                    typeError(key, s, "true or false", "write true or false");
                    yield Optional.empty();
                }
            };
        });
    }

    /** A duration: {@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms} or plain seconds. */
    public Optional<Duration> duration(String key) {
        return scalar(key, "a duration").flatMap(s -> {
            Optional<Duration> d = Durations.parse(text(s));
            if (d.isEmpty()) {
                typeError(key, s, "a duration", "write it like 30s, 5m, 1h, 250ms or a number of seconds");
            }
            return d;
        });
    }

    /** A nested mapping, recorded at its key; anything else there is reported. */
    public Optional<YNode.Mapping> mapping(String key) {
        Optional<YNode.Entry> e = entry(key);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        problems().place(path(key), e.get().keyLocation());
        if (e.get().value() instanceof YNode.Mapping m) {
            return Optional.of(m);
        }
        problems().errorAt(e.get().value().location(), "'" + key + "' must be a mapping of names to values, not "
                + e.get().value().describe(), "write one 'name: value' per line under " + key + ":");
        return Optional.empty();
    }

    /** A nested section with its own allowed keys. */
    public Optional<Section> section(String key, List<String> allowed, String what) {
        return mapping(key).map(m -> new Section(ctx, m, path(key), allowed, what));
    }

    /** A list of texts; a single text counts as a list of one. Items are recorded as {@code path[i]}. */
    public Optional<List<String>> stringList(String key) {
        Optional<YNode.Entry> e = entry(key);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        problems().place(path(key), e.get().keyLocation());
        return Optional.of(strings(e.get().value(), path(key), key));
    }

    /** The texts of a list node (or of a single scalar), each recorded as {@code listPath[i]}. */
    public List<String> strings(YNode node, String listPath, String what) {
        List<String> out = new ArrayList<>();
        if (node instanceof YNode.Scalar s) {
            problems().place(Paths.index(listPath, 0), s.location());
            out.add(text(s));
            return out;
        }
        if (!(node instanceof YNode.Sequence seq)) {
            problems().errorAt(node.location(), "'" + what + "' must be a list, not " + node.describe(),
                    "write [a, b] or one '- item' per line");
            return out;
        }
        for (YNode item : seq.items()) {
            if (item instanceof YNode.Scalar s && !s.isNull()) {
                problems().place(Paths.index(listPath, out.size()), s.location());
                out.add(text(s));
            } else {
                problems().errorAt(item.location(), "items of '" + what + "' must be names, not " + item.describe(),
                        "write each item as plain text");
            }
        }
        return out;
    }

    /** The text of a scalar, variables expanded. */
    public String text(YNode.Scalar s) {
        return ctx.expand(s.value(), s.location());
    }

    private Optional<Long> toLong(String key, YNode.Scalar s) {
        String t = text(s).trim().replace("_", "");
        try {
            return Optional.of(new BigDecimal(t.startsWith("+") ? t.substring(1) : t).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            typeError(key, s, "a whole number", "write a number such as 50");
            return Optional.empty();
        }
    }

    private Optional<Double> toDouble(String key, YNode.Scalar s) {
        String t = text(s).trim().replace("_", "");
        try {
            double d = Double.parseDouble(t);
            if (Double.isFinite(d)) {
                return Optional.of(d);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        typeError(key, s, "a number", "write a number such as 0.5");
        return Optional.empty();
    }

    private void typeError(String key, YNode.Scalar s, String expected, String hint) {
        if (ctx.interpolator().hasMissing(s.value())) {
            return; // the missing variable is reported; the empty text it left is not a second mistake
        }
        problems().errorAt(s.location(), "'" + key + "' must be " + expected + ", got " + s.describe(), hint);
    }

    private Problems problems() {
        return ctx.problems();
    }
}
