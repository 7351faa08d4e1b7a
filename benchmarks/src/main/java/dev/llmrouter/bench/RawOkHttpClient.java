package dev.llmrouter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The floor: a bare OkHttp POST of a fixed JSON body, reading the answer as a string, with no JSON
 * mapping, routing or limits. Uses OkHttp's default client settings. Thread-safe.
 */
public final class RawOkHttpClient implements BenchClient {
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final String BODY = "{\"model\":\"" + StubServer.MODEL + "\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"" + LoadRun.PROMPT + "\"}],\"max_tokens\":" + LoadRun.MAX_TOKENS + "}";

    private final OkHttpClient client = new OkHttpClient();
    private final String url;

    /** A client for the stub at {@code baseUrl}. */
    public RawOkHttpClient(String baseUrl) {
        this.url = baseUrl + "/chat/completions";
    }

    @Override
    public String name() {
        return "raw OkHttp";
    }

    @Override
    public String call() {
        Request request = new Request.Builder().url(url).header("Authorization", "Bearer sk-bench")
                .post(RequestBody.create(BODY, JSON)).build();
        try (Response response = client.newCall(request).execute()) {
            String body = response.body().string();
            if (response.code() != 200) {
                throw new IllegalStateException("HTTP " + response.code() + ": " + body);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
