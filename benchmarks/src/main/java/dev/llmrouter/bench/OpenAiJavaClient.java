package dev.llmrouter.bench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;

/** The official openai-java client (its OkHttp transport), retries off. Thread-safe. */
public final class OpenAiJavaClient implements BenchClient {
    private final OpenAIClient client;

    /** A client for the stub at {@code baseUrl}. */
    public OpenAiJavaClient(String baseUrl) {
        this.client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey("sk-bench").maxRetries(0).build();
    }

    @Override
    public String name() {
        return "openai-java";
    }

    @Override
    public String call() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(StubServer.MODEL)
                .addUserMessage(LoadRun.PROMPT).maxCompletionTokens(LoadRun.MAX_TOKENS).build();
        ChatCompletion completion = client.chat().completions().create(params);
        return completion.choices().get(0).message().content().orElse("");
    }

    @Override
    public void close() {
        client.close();
    }
}
