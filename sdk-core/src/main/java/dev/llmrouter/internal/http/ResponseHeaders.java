package dev.llmrouter.internal.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import okhttp3.Headers;

/**
 * Reads the response headers every provider family uses: the request id, the retry hint and
 * {@code x-should-retry}. Stateless and thread-safe.
 */
public final class ResponseHeaders {
    private ResponseHeaders() {
    }

    /** The provider's request id ({@code x-request-id}, else {@code request-id}), or null. */
    public static String requestId(Headers headers) {
        String id = headers.get("x-request-id");
        if (id == null || id.isBlank()) {
            id = headers.get("request-id");
        }
        return id == null || id.isBlank() ? null : id.trim();
    }

    /**
     * The server's retry hint, uncapped (the caller caps it): {@code retry-after-ms} in milliseconds
     * first, then {@code retry-after} as seconds (integer or decimal) or an HTTP date relative to
     * {@code now}. Null when absent or unreadable; a date in the past gives zero.
     */
    public static Duration retryAfter(Headers headers, Instant now) {
        Duration ms = number(headers.get("retry-after-ms"), 1_000_000L);
        if (ms != null) {
            return ms;
        }
        String ra = headers.get("retry-after");
        if (ra == null || ra.isBlank()) {
            return null;
        }
        Duration seconds = number(ra, 1_000_000_000L);
        if (seconds != null) {
            return seconds;
        }
        try {
            Instant at = ZonedDateTime.parse(ra.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration number(String value, long nanosPerUnit) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            double v = Double.parseDouble(value.trim());
            if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
                return null;
            }
            double nanos = v * nanosPerUnit;
            return nanos >= Long.MAX_VALUE ? Duration.ofNanos(Long.MAX_VALUE) : Duration.ofNanos((long) nanos);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The {@code x-should-retry} header as a Boolean, or null when absent or neither true nor false. */
    public static Boolean shouldRetry(Headers headers) {
        String v = headers.get("x-should-retry");
        if (v == null) {
            return null;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> null;
        };
    }
}
