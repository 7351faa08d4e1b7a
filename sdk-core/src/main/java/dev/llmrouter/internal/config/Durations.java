package dev.llmrouter.internal.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as configuration writes them: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, or
 * a plain number of seconds ({@code 30}, {@code 1.5}). Thread-safe (static helpers).
 */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    /** The duration written as {@code text}, or empty when it is not a duration (negative included). */
    public static Optional<Duration> parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        BigDecimal millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount.multiply(BigDecimal.valueOf(60_000));
            case "h" -> amount.multiply(BigDecimal.valueOf(3_600_000));
            default -> amount.multiply(BigDecimal.valueOf(1000));
        };
        if (millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 1_000_000)) > 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(millis.multiply(BigDecimal.valueOf(1_000_000)).longValue()));
    }

    /** The shortest exact text for {@code d}: {@code 1h}, {@code 5m}, {@code 30s} or {@code 250ms}. */
    public static String format(Duration d) {
        if (Math.abs(d.getSeconds()) >= Long.MAX_VALUE / 1000 - 1) {
            // beyond what milliseconds can count (a mistake being reported): whole hours are enough
            return d.toHours() + "h";
        }
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    /** Seconds as a number: a whole {@code Long} when exact, else a {@code Double} (LiteLLM's unit). */
    public static Number seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (Number) (ms / 1000) : (Number) (ms / 1000.0);
    }
}
