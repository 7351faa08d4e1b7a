package dev.llmrouter.internal.http;

import dev.llmrouter.config.ProviderConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
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
 * replaced by {@code ****} wherever they appear in a text, also without surrounding white space
 * or line endings (a key read with a stray {@code \r} is echoed without it); and any run of
 * {@value #MIN_FRAGMENT_LENGTH} or more characters of a secret is masked too, since servers echo
 * partial keys ({@code sk-SECRET...123xyz}). {@code Bearer <token>} is masked as well. Secrets
 * shorter than 4 characters are not searched for (they would mask ordinary words). The one
 * redactor of the library: every log line and exception message that may carry configuration
 * goes through it. Immutable and thread-safe.
 */
public final class Redactor {
    /** The mask printed in place of a secret. */
    public static final String MASK = "****";

    private static final Set<String> SENSITIVE_HEADERS = Set.of("authorization", "proxy-authorization", "x-api-key",
            "api-key", "cookie", "set-cookie", "x-goog-api-key");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[^\\s\"',;]+");
    private static final int MIN_SECRET_LENGTH = 4;
    /** The shortest run of a secret's characters that is masked on its own. */
    public static final int MIN_FRAGMENT_LENGTH = 8;

    /** A redactor that knows no configured secrets (it still masks sensitive headers and bearer tokens). */
    public static final Redactor NONE = new Redactor(List.of());

    private final List<String> secrets;
    // every MIN_FRAGMENT_LENGTH-character window of every secret long enough to have one
    private final Set<String> windows;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
        Set<String> w = new HashSet<>();
        for (String s : secrets) {
            for (int i = 0; i + MIN_FRAGMENT_LENGTH <= s.length(); i++) {
                w.add(s.substring(i, i + MIN_FRAGMENT_LENGTH));
            }
        }
        this.windows = Set.copyOf(w);
    }

    /** A redactor for these secret values (each also as it reads without surrounding white space). */
    public static Redactor of(Collection<String> secrets) {
        List<String> list = new ArrayList<>();
        for (String s : secrets) {
            if (s == null) {
                continue;
            }
            for (String v : new String[] {s, s.strip()}) {
                if (v.length() >= MIN_SECRET_LENGTH && !list.contains(v)) {
                    list.add(v);
                }
            }
        }
        // longest first, so a secret containing another is masked whole
        list.sort(Comparator.comparingInt(String::length).reversed());
        return new Redactor(List.copyOf(list));
    }

    /** A redactor for the secrets of all these providers. */
    public static Redactor forProviders(Collection<ProviderConfig> providers) {
        List<String> secrets = new ArrayList<>();
        for (ProviderConfig p : providers) {
            secrets.addAll(secretsOf(p));
        }
        return of(secrets);
    }

    /** A redactor for a provider: its API key and its credential-like configured header values. */
    public static Redactor forProvider(ProviderConfig config) {
        return of(secretsOf(config));
    }

    private static List<String> secretsOf(ProviderConfig config) {
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
        return secrets;
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
        out = maskFragments(out);
        Matcher m = BEARER.matcher(out);
        return m.find() ? m.replaceAll("$1" + Matcher.quoteReplacement(MASK)) : out;
    }

    /**
     * Masks every run of characters covered by windows of a secret: a partial key echoed by a
     * server, or a key cut by a message's length limit. O(text length) set look-ups.
     */
    private String maskFragments(String text) {
        if (windows.isEmpty() || text.length() < MIN_FRAGMENT_LENGTH) {
            return text;
        }
        boolean[] covered = null;
        for (int i = 0; i + MIN_FRAGMENT_LENGTH <= text.length(); i++) {
            if (windows.contains(text.substring(i, i + MIN_FRAGMENT_LENGTH))) {
                if (covered == null) {
                    covered = new boolean[text.length()];
                }
                Arrays.fill(covered, i, i + MIN_FRAGMENT_LENGTH, true);
            }
        }
        if (covered == null) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!covered[i]) {
                sb.append(text.charAt(i));
            } else if (i == 0 || !covered[i - 1]) {
                sb.append(MASK);
            }
        }
        return sb.toString();
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
