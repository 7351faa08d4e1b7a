package dev.llmrouter.cli.args;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way the configuration writes them: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, or a plain number of seconds ({@code 30}, {@code 1.5}). Stateless and thread-safe.
 */
public final class DurationParser {
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private DurationParser() {
    }

    /** The duration written in {@code text}, or empty when it is not one (negative values are not). */
    public static Optional<Duration> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        double amount = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            case "h" -> amount * 3_600_000;
            default -> amount * 1_000;
        };
        return Optional.of(Duration.ofMillis(Math.round(millis)));
    }
}
