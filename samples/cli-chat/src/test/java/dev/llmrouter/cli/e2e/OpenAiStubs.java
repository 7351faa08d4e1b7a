package dev.llmrouter.cli.e2e;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/** WireMock answers in the OpenAI chat completions wire format (WIRE.md section 1), as vLLM sends them. */
final class OpenAiStubs {
    static final String CHAT_PATH = "/v1/chat/completions";

    private OpenAiStubs() {
    }

    /** A streamed request ({@code "stream":true}) to the chat endpoint. */
    static MappingBuilder streamedChat() {
        return post(urlEqualTo(CHAT_PATH)).withRequestBody(containing("\"stream\":true"));
    }

    /** A non-streamed request to the chat endpoint (no {@code "stream":true}). */
    static MappingBuilder wholeChat() {
        return post(urlEqualTo(CHAT_PATH)).withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("\"stream\":true"));
    }

    /** A whole answer. */
    static ResponseDefinitionBuilder answer(String model, String text, int promptTokens, int completionTokens) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1730000000,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}
                """.formatted(model, text, promptTokens, completionTokens, promptTokens + completionTokens));
    }

    /** A streamed answer: a role chunk, one chunk per word, a finish chunk, a usage chunk, [DONE]. */
    static ResponseDefinitionBuilder streamedAnswer(String model, String text, int promptTokens, int completionTokens) {
        List<String> events = new ArrayList<>();
        events.add(chunk(model, "{\"role\":\"assistant\",\"content\":\"\"}", "null"));
        for (String word : text.split("(?<= )")) {
            events.add(chunk(model, "{\"content\":\"" + word + "\"}", "null"));
        }
        events.add(chunk(model, "{}", "\"stop\""));
        events.add("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1730000000,\"model\":\"" + model
                + "\",\"choices\":[],\"usage\":{\"prompt_tokens\":" + promptTokens + ",\"completion_tokens\":" + completionTokens
                + ",\"total_tokens\":" + (promptTokens + completionTokens) + "}}");
        StringBuilder body = new StringBuilder();
        for (String e : events) {
            body.append("data: ").append(e).append("\n\n");
        }
        body.append("data: [DONE]\n\n");
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body.toString());
    }

    private static String chunk(String model, String delta, String finish) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1730000000,\"model\":\"" + model
                + "\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}";
    }

    /** A vLLM-style server error. */
    static ResponseDefinitionBuilder serverError() {
        return aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"InternalServerError\",\"code\":500}}");
    }
}
