package dev.llmrouter.internal.config;

import dev.llmrouter.spi.provider.ProviderType;
import java.util.Optional;

/**
 * The environment variables the official SDKs read an API key from when none is configured:
 * llmrouter reads the same for the same provider types. Thread-safe (static helpers).
 */
public final class SdkKeys {
    private SdkKeys() {
    }

    /** The variable the official SDK of {@code type} reads its key from, if there is one. */
    public static Optional<String> variable(ProviderType type) {
        return switch (type) {
            case OPENAI -> Optional.of("OPENAI_API_KEY");
            case ANTHROPIC -> Optional.of("ANTHROPIC_API_KEY");
            case DEEPSEEK -> Optional.of("DEEPSEEK_API_KEY");
            default -> Optional.empty();
        };
    }
}
