package dev.llmrouter.cli.output;

import java.time.Duration;
import java.util.Locale;

/** Small human-readable formats shared by the commands. Stateless and thread-safe. */
public final class Formats {
    private Formats() {
    }

    /** {@code 850 ms}, {@code 1.24 s}, {@code 30 s}, {@code 2m 05s}. */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000 && ms % 1000 == 0) {
            return ms / 1000 + " s";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
        }
        return String.format(Locale.ROOT, "%dm %02ds", ms / 60_000, (ms % 60_000) / 1000);
    }

    /** A count with a noun, pluralised with an s: {@code 1 attempt}, {@code 2 attempts}. */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A limit or {@code -} when unlimited. */
    public static String limit(Integer n) {
        return n == null ? "-" : String.valueOf(n);
    }
}
