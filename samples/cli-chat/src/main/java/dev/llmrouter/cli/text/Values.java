package dev.llmrouter.cli.text;

import dev.llmrouter.cli.UsageException;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Option values the commands check themselves, so that a bad one gets the CLI's own message
 * naming the option ({@code --wait needs a duration such as 30s ...}). Stateless and thread-safe.
 */
public final class Values {
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000;

    private Values() {
    }

    /**
     * A positive whole number, when the option was given (its value is not null).
     *
     * @throws UsageException when the value is not a positive whole number
     */
    public static Optional<Integer> positiveInt(String option, String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return Optional.of(n);
            }
        } catch (NumberFormatException ignored) {
            // reported below with the option's name
        }
        throw new UsageException(option + " needs a positive whole number, got '" + value + "'");
    }

    /**
     * A duration as configuration writes them ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h},
     * or plain seconds), when the option was given.
     *
     * @throws UsageException when the value is not a duration
     */
    public static Optional<Duration> duration(String option, String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = DURATION.matcher(value.trim());
        if (m.matches()) {
            BigDecimal amount = new BigDecimal(m.group(1));
            BigDecimal millis = amount.multiply(BigDecimal.valueOf(switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> 1L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                default -> 1000L;
            }));
            if (millis.compareTo(BigDecimal.valueOf(MAX_MILLIS)) <= 0) {
                return Optional.of(Duration.ofNanos(millis.multiply(BigDecimal.valueOf(1_000_000)).longValue()));
            }
        }
        throw new UsageException(option + " needs a duration such as 30s, 2m or 500ms, got '" + value + "'");
    }

    /** The shortest exact configuration text for {@code d}: {@code 1h}, {@code 5m}, {@code 30s} or {@code 250ms}. */
    public static String durationText(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
