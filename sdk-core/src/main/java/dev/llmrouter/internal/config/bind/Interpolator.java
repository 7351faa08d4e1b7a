package dev.llmrouter.internal.config.bind;

import dev.llmrouter.internal.config.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in configuration strings, and a whole value
 * written LiteLLM's way, {@code os.environ/VAR}, through an injectable lookup (the process environment in production, a map in tests). A variable that is
 * unset or empty takes the default when one is given; otherwise it is reported as missing and
 * expands to nothing. {@code $${} writes a literal {@code ${}.
 *
 * <p>Messages never quote the value being expanded: a key pasted where a variable name belongs
 * must not be echoed. The text variables add is bounded ({@link #MAX_EXPANDED_CHARS} for one
 * instance, i.e. one load): 200,000 references to a large variable are an error, not an exhausted
 * heap. Thread-safe when the lookup is.
 */
public final class Interpolator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String LITELLM_PREFIX = "os.environ/";

    /** The most characters variables may add to one configuration, in all. */
    public static final long MAX_EXPANDED_CHARS = 4L * 1024 * 1024;

    private final Function<String, String> lookup;
    private final AtomicLong expanded = new AtomicLong();

    /** An interpolator reading variables through {@code lookup} (which returns null when unset). */
    public Interpolator(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    /** True when {@code name} is a valid variable name. */
    public static boolean isName(String name) {
        return NAME.matcher(name).matches();
    }

    /** The value of a variable, or null when unset or empty. */
    public String lookup(String name) {
        String v = lookup.apply(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The variable of a whole-value LiteLLM reference {@code os.environ/VAR}, if {@code raw} is one. */
    public static java.util.Optional<String> litellmReference(String raw) {
        String t = raw.trim();
        if (t.startsWith(LITELLM_PREFIX) && isName(t.substring(LITELLM_PREFIX.length()))) {
            return java.util.Optional.of(t.substring(LITELLM_PREFIX.length()));
        }
        return java.util.Optional.empty();
    }

    /**
     * True when {@code raw} refers to a variable that is unset and has no default: its expansion
     * is incomplete and already reported as missing, so a type error on it would only repeat that.
     */
    public boolean hasMissing(String raw) {
        if (litellmReference(raw).isPresent()) {
            return lookup(litellmReference(raw).get()) == null;
        }
        int i = 0;
        while ((i = raw.indexOf("${", i)) >= 0) {
            int end = raw.indexOf('}', i);
            if (end < 0) {
                return false;
            }
            String body = raw.substring(i + 2, end);
            if (!body.contains(":-") && isName(body) && lookup(body) == null && (i == 0 || raw.charAt(i - 1) != '$')) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    /** The names referred to in {@code raw}, in order (syntax errors ignored). */
    public static List<String> references(String raw) {
        List<String> out = new ArrayList<>();
        litellmReference(raw).ifPresent(out::add);
        int i = 0;
        while ((i = raw.indexOf("${", i)) >= 0) {
            if (i > 0 && raw.charAt(i - 1) == '$') {
                i += 2;
                continue;
            }
            int end = raw.indexOf('}', i);
            if (end < 0) {
                break;
            }
            String body = raw.substring(i + 2, end);
            int dflt = body.indexOf(":-");
            out.add(dflt >= 0 ? body.substring(0, dflt) : body);
            i = end + 1;
        }
        return out;
    }

    /**
     * {@code raw} with every reference expanded. Missing variables go to {@code missing}; a
     * malformed reference goes to {@code malformed} (with a message) and is left as written.
     */
    public String expand(String raw, Location at, Consumer<MissingVariable> missing, Consumer<String> malformed) {
        java.util.Optional<String> litellm = litellmReference(raw);
        if (litellm.isPresent()) {
            String value = lookup(litellm.get());
            if (value == null) {
                missing.accept(new MissingVariable(litellm.get(), at));
                return "";
            }
            return value;
        }
        if (raw.indexOf('$') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '$' && raw.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && raw.startsWith("${", i)) {
                int end = raw.indexOf('}', i);
                if (end < 0) {
                    malformed.accept("a '${' is not closed by '}' (the value is not shown, in case it is a secret)");
                    out.append(raw, i, raw.length());
                    break;
                }
                out.append(resolve(raw.substring(i + 2, end), at, missing, malformed));
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String resolve(String body, Location at, Consumer<MissingVariable> missing,
                           Consumer<String> malformed) {
        int dflt = body.indexOf(":-");
        String name = dflt >= 0 ? body.substring(0, dflt) : body;
        if (!isName(name)) {
            malformed.accept("a '${...}' reference does not name a valid variable (letters, digits and '_', not"
                    + " starting with a digit; the value is not shown, in case it is a secret)");
            return "${" + body + "}";
        }
        String value = lookup(name);
        if (value == null && dflt >= 0) {
            value = body.substring(dflt + 2);
        }
        if (value != null) {
            if (expanded.addAndGet(value.length()) > MAX_EXPANDED_CHARS) {
                malformed.accept("variables expand to more than " + MAX_EXPANDED_CHARS + " characters in this configuration"
                        + " (${" + name + "} is where the limit was passed)");
                return "";
            }
            return value;
        }
        missing.accept(new MissingVariable(name, at));
        return "";
    }
}
