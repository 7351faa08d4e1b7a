package dev.llmrouter.internal.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean" for misspelt keys and names: the closest candidate by edit distance, compared
 * case-insensitively with {@code -} and {@code _} treated alike. Thread-safe (static helpers).
 */
public final class Suggestions {
    private Suggestions() {
    }

    /** The candidate closest to {@code word}, when it is close enough to be a plausible typo. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String w = normalise(word);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(w, normalise(c));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int allowed = Math.max(2, w.length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /**
     * A hint: {@code did you mean 'x'?} when a candidate is close, else {@code <what>: a, b, c}
     * (or {@code none defined} when there are no candidates).
     */
    public static String hint(String word, Collection<String> candidates, String what) {
        Optional<String> c = closest(word, candidates);
        if (c.isPresent()) {
            return "did you mean '" + c.get() + "'?";
        }
        return candidates.isEmpty() ? "none defined" : what + ": " + String.join(", ", candidates);
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replace('-', '_');
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
