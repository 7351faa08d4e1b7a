package dev.llmrouter.bench;

import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;

/** LangChain4j's {@link OpenAiChatModel} (its default JDK HTTP client), retries off. Thread-safe. */
public final class LangChain4jClient implements BenchClient {
    private final OpenAiChatModel model;

    /** A model for the stub at {@code baseUrl}. */
    public LangChain4jClient(String baseUrl) {
        this.model = OpenAiChatModel.builder().baseUrl(baseUrl).apiKey("sk-bench").modelName(StubServer.MODEL)
                .maxTokens(LoadRun.MAX_TOKENS).maxRetries(0).timeout(Duration.ofSeconds(30)).build();
    }

    @Override
    public String name() {
        return "LangChain4j";
    }

    @Override
    public String call() {
        return model.chat(LoadRun.PROMPT);
    }

    @Override
    public void close() {
        // the model holds a JDK HttpClient whose threads are daemons and go with the JVM
    }
}
