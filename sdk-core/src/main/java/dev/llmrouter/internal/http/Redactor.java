package dev.llmrouter.internal.http;

import dev.llmrouter.config.ProviderConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.Request;

/**
 * Keeps secrets out of log lines and exception messages. Sensitive headers ({@code Authorization},
 * {@code x-api-key}, {@code api-key}, ...) always print as {@code ****}; the provider's configured
 * secrets (its API key and the values of configured headers whose names suggest a credential) are
 * replaced by {@code ****} wherever they appear in a text; {@code Bearer <token>} is masked too.
 * Secrets shorter than 4 characters are not searched for (they would mask ordinary words).
 * Immutable and thread-safe.
 */
public final class Redactor {
    /** The mask printed in place of a secret. */
    public static final String MASK = "****";

    private static final Set<String> SENSITIVE_HEADERS = Set.of("authorization", "proxy-authorization", "x-api-key",
            "api-key", "cookie", "set-cookie", "x-goog-api-key");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[^\\s\"',;]+");
    private static final int MIN_SECRET_LENGTH = 4;

    /** A redactor that knows no configured secrets (it still masks sensitive headers and bearer tokens). */
    public static final Redactor NONE = new Redactor(List.of());

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    /** A redactor for these secret values. */
    public static Redactor of(Collection<String> secrets) {
        List<String> list = new ArrayList<>();
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_SECRET_LENGTH && !list.contains(s)) {
                list.add(s);
            }
        }
        // longest first, so a secret containing another is masked whole
        list.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(list));
    }

    /** A redactor for a provider: its API key and its credential-like configured header values. */
    public static Redactor forProvider(ProviderConfig config) {
        List<String> secrets = new ArrayList<>();
        config.apiKey().ifPresent(k -> secrets.add(k.reveal()));
        for (Map.Entry<String, String> h : config.headers().entrySet()) {
            if (isCredentialHeader(h.getKey())) {
                secrets.add(h.getValue());
                String v = h.getValue();
                int space = v.indexOf(' ');
                if (space > 0) {
                    // "Bearer abc": the token alone may be echoed back too
                    secrets.add(v.substring(space + 1).trim());
                }
            }
        }
        return of(secrets);
    }

    /** True for headers whose value is always masked ({@code Authorization}, {@code x-api-key}, ...). */
    public static boolean isSensitiveHeader(String name) {
        return SENSITIVE_HEADERS.contains(name.toLowerCase(Locale.ROOT));
    }

    private static boolean isCredentialHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return isSensitiveHeader(n) || n.contains("key") || n.contains("token") || n.contains("secret") || n.contains("auth");
    }

    /** The text with every known secret and bearer token replaced by {@link #MASK}; null stays null. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : secrets) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        Matcher m = BEARER.matcher(out);
        return m.find() ? m.replaceAll("$1" + Matcher.quoteReplacement(MASK)) : out;
    }

    /** The headers as {@code name: value} pairs, sensitive values masked, others redacted. */
    public String headers(Headers headers) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < headers.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            String name = headers.name(i);
            sb.append(name).append(": ").append(isSensitiveHeader(name) || isCredentialHeader(name) ? MASK : redact(headers.value(i)));
        }
        return sb.append('}').toString();
    }

    /** A one-line description of a request for debug logs: method, URL and headers, secrets masked. */
    public String describe(Request request) {
        return request.method() + " " + redact(request.url().toString()) + " " + headers(request.headers());
    }
}
