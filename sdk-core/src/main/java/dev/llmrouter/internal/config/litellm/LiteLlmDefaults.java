package dev.llmrouter.internal.config.litellm;

import java.time.Duration;

/**
 * What LiteLLM's router does when its file is silent: an import applies these, and an export
 * leaves out every value equal to one, so both directions keep the meaning of a setting that is not
 * written. Values from LiteLLM's {@code Router} and {@code litellm/constants.py}.
 */
final class LiteLlmDefaults {
    /** {@code allowed_fails}: a deployment cools down after MORE failures than this within a minute. */
    static final int ALLOWED_FAILS = 3;
    /** {@code cooldown_time} ({@code DEFAULT_COOLDOWN_TIME_SECONDS}). */
    static final Duration COOLDOWN = Duration.ofSeconds(5);
    /** {@code num_retries} (the OpenAI SDK's {@code DEFAULT_MAX_RETRIES}). */
    static final int NUM_RETRIES = 2;
    /** The per-call timeout when neither {@code timeout} nor {@code request_timeout} is set ({@code litellm.request_timeout}). */
    static final Duration TIMEOUT = Duration.ofSeconds(6000);
    /** {@code routing_strategy}. */
    static final String STRATEGY = "simple-shuffle";

    private LiteLlmDefaults() {
    }

    /** llmrouter's {@code allowed_fails} (open AT n counted failures) for LiteLLM's n (cool down after MORE than n). */
    static int toLlmrouter(int litellmAllowedFails) {
        return litellmAllowedFails + 1;
    }

    /** LiteLLM's {@code allowed_fails} for llmrouter's n (at least 1, so at least 0). */
    static int toLiteLlm(int llmrouterAllowedFails) {
        return llmrouterAllowedFails - 1;
    }
}
