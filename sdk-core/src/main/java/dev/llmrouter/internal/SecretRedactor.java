package dev.llmrouter.internal;

import dev.llmrouter.config.ProviderConfig;
import dev.llmrouter.config.Secret;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Masks the configured secrets (API keys) in text before it is logged: a defence in depth, since
 * no message is meant to contain one. Secrets shorter than 6 characters are not searched for (they
 * would mask ordinary words). Immutable and thread-safe.
 */
public final class SecretRedactor {
    private static final String MASK = "****";
    private final List<String> secrets;

    private SecretRedactor(List<String> secrets) {
        this.secrets = List.copyOf(secrets);
    }

    /** A redactor for the API keys of these providers. */
    public static SecretRedactor of(Collection<ProviderConfig> providers) {
        List<String> s = new ArrayList<>();
        for (ProviderConfig p : providers) {
            p.apiKey().map(Secret::reveal).filter(v -> v.length() >= 6).ifPresent(s::add);
        }
        return new SecretRedactor(s);
    }

    /** {@code text} with every secret replaced by {@code ****}; null stays null. */
    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }
}
