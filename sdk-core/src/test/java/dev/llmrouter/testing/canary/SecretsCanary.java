package dev.llmrouter.testing.canary;

import dev.llmrouter.internal.http.Redactor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The secrets the test suite configures, and where they must never appear. Two kinds: random
 * canary keys the main fixtures configure ({@link #OPENAI}, {@link #ANTHROPIC}), of which any run
 * of {@value #FRAGMENT} or more characters counts as a leak (servers and bugs echo partial keys);
 * and the fixed keys individual tests configure, which count when they appear whole (their
 * fragments are ordinary words such as "deepseek"). Thread-safe (immutable).
 */
public final class SecretsCanary {
    /** A canary API key for OpenAI-family fixtures. */
    public static final String OPENAI = "sk-cnry-Vq8ZtR2mXw5LpK9sJd3H";
    /** A canary API key for Anthropic fixtures. */
    public static final String ANTHROPIC = "sk-ant-cnry-Bn4YfQ7uTg1EoW6cMz";
    /** The shortest run of a canary's characters that counts as a leak. */
    public static final int FRAGMENT = 8;

    private static final List<String> CANARIES = List.of(OPENAI, ANTHROPIC);
    private static final Set<String> WHOLE_KEYS = Set.of("sk-test-deepseek", "ollama-test-key", "sk-top-secret-1",
            "sk-test-openai", "sk-test-very-secret-key", "sk-secret-123456", "sk-proj-abcdefghijklmnop",
            "sk-proj-Q7vX2mN9pL4kR8tW", "sk-live-SECRET123", "sk-inline-secret-123", "sk-ant-api03-secret-key-1234567890",
            "ollama-cloud-key-9f8e7d6c5b4a");
    private static final List<String> WINDOWS = windows();
    private static final Redactor MASK = Redactor.of(allKeys());

    private SecretsCanary() {
    }

    private static List<String> windows() {
        List<String> w = new ArrayList<>();
        for (String c : CANARIES) {
            for (int i = 0; i + FRAGMENT <= c.length(); i++) {
                w.add(c.substring(i, i + FRAGMENT));
            }
        }
        return List.copyOf(w);
    }

    private static List<String> allKeys() {
        List<String> all = new ArrayList<>(CANARIES);
        all.addAll(WHOLE_KEYS);
        return all;
    }

    /** {@code text} with every key and canary fragment masked, for reporting a leak without repeating it. */
    public static String masked(String text) {
        return MASK.redact(text);
    }

    /** The secret (or canary fragment) {@code text} contains, or null when it holds none. */
    public static String leakIn(String text) {
        if (text == null) {
            return null;
        }
        for (String k : WHOLE_KEYS) {
            if (text.contains(k)) {
                return k;
            }
        }
        for (String w : WINDOWS) {
            if (text.contains(w)) {
                return w;
            }
        }
        return null;
    }
}
