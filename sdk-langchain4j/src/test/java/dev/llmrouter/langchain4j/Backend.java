package dev.llmrouter.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.llmrouter.LlmRouter;

/**
 * Model servers behind a router, for {@link RouterUnderLangChain4jSuite}: each method returns a new
 * router whose model group {@code chat} behaves as named. Model group {@code backup}, where
 * present, is served by provider {@code backup}. Made once per test class and {@link #reset()}
 * before each test. Not thread-safe; one test at a time.
 */
interface Backend extends AutoCloseable {
    /** {@code chat} answers {@code text}, whole or streamed word by word. */
    LlmRouter answering(String text);

    /**
     * {@code chat} asks for tool {@code tool} with {@code arguments} when the request offers tools
     * and carries no tool result yet; then answers {@code text}.
     */
    LlmRouter toolThenAnswer(String tool, String arguments, String text);

    /**
     * {@code chat} is served by provider {@code primary}, which fails every call with 503; it falls
     * back to {@code backup}, which answers {@code text}. The circuit opens after
     * {@code allowedFails} failures (cooldown 60 s); no retries within a group.
     */
    LlmRouter primaryDown(int allowedFails, String text);

    /** {@code chat} fails every call with 503 and has no fallback. */
    LlmRouter allDown();

    /** How LangChain4j names the type of provider {@code primary} (and of the provider of {@link #answering}). */
    ModelProvider primaryKind();

    /** Calls provider {@code primary} has received since the last {@link #reset()}. */
    int primaryCalls();

    /** Forgets the previous test's answers and counts. */
    void reset();

    @Override
    void close();

    /**
     * A router configuration: group {@code chat} on provider {@code primary} (model
     * {@code primary-model}), group {@code backup} on provider {@code backup} when given, {@code chat}
     * falling back to {@code backup} when {@code fallback}; no retries in a group.
     *
     * @param primary the YAML flow mapping of provider {@code primary}
     * @param backup that of provider {@code backup}, or null
     */
    static String config(String primary, String backup, boolean fallback, int allowedFails) {
        StringBuilder y = new StringBuilder("providers:\n  primary: ").append(primary).append('\n');
        if (backup != null) {
            y.append("  backup: ").append(backup).append('\n');
        }
        y.append("models:\n  chat:\n    deployments:\n      - {provider: primary, model: primary-model}\n");
        if (backup != null) {
            y.append("  backup:\n    deployments:\n      - {provider: backup, model: backup-model}\n");
        }
        if (fallback) {
            y.append("fallbacks:\n  chat: [backup]\n");
        }
        return y.append("router_settings:\n  num_retries: 0\n  allowed_fails: ").append(allowedFails)
                .append("\n  cooldown_time: 60s\n").toString();
    }
}
