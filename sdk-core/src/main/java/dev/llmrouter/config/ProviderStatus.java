package dev.llmrouter.config;

/** Whether a provider takes traffic. Immutable and thread-safe. */
public enum ProviderStatus {
    /** Takes traffic (the default). */
    ACTIVE,
    /** Kept in the file but never called (the seed's second vLLM instance). */
    DISABLED
}
