package dev.llmrouter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.AuthenticationException;
import dev.llmrouter.api.ContentPolicyException;
import dev.llmrouter.api.ContextWindowExceededException;
import dev.llmrouter.api.FailureKind;
import dev.llmrouter.api.InsufficientQuotaException;
import dev.llmrouter.api.InvalidRequestException;
import dev.llmrouter.api.ModelNotFoundException;
import dev.llmrouter.api.ProviderError;
import dev.llmrouter.api.ProviderException;
import dev.llmrouter.api.ProviderOverloadedException;
import dev.llmrouter.api.ProviderRateLimitException;
import dev.llmrouter.api.ProviderUnavailableException;
import dev.llmrouter.api.StreamBrokenException;
import java.time.Instant;
import okhttp3.Headers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ErrorClassifierTest {

    private static ProviderException classify(int status, String body) {
        ProviderError e = ErrorParser.parse(status, Headers.of(), body, Instant.EPOCH, Redactor.NONE);
        return ErrorClassifier.classify("prov", e, null);
    }

    @Test
    void openAiContextLengthExceededByCode() {
        ProviderException e = classify(400, """
                {"error":{"message":"This model's maximum context length is 8192 tokens. However, your messages resulted in 8227 tokens.",
                "type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""");
        assertThat(e).isInstanceOf(ContextWindowExceededException.class);
        assertThat(e.error().code()).isEqualTo("context_length_exceeded");
        assertThat(e.error().type()).isEqualTo("invalid_request_error");
        assertThat(e.failureKind()).isEqualTo(FailureKind.CONTEXT_WINDOW);
        assertThat(e.getMessage()).startsWith("prov: invalid_request_error/context_length_exceeded: This model's").contains("HTTP 400");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // vLLM BadRequestError with its texts, no dedicated code
        "{\"error\":{\"message\":\"This model's maximum context length is 4096 tokens. However, your request has 5000 input tokens.\",\"type\":\"BadRequestError\",\"code\":400}}",
        "{\"error\":{\"message\":\"'max_tokens' or 'max_completion_tokens' is too large: 5000. This model's maximum context length is 4096 tokens\",\"type\":\"BadRequestError\",\"code\":400}}",
        "{\"error\":{\"message\":\"requested 9000 tokens but the model's context length is only 8192 tokens\",\"type\":\"BadRequestError\",\"code\":400}}",
        // vLLM older flat envelope
        "{\"object\":\"error\",\"message\":\"This model's maximum context length is 2048 tokens.\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}",
        // llama.cpp by type
        "{\"error\":{\"code\":400,\"message\":\"request (13392 tokens) exceeds the available context size (8192 tokens), try increasing it\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":13392,\"n_ctx\":8192}}",
        // Ollama: llama.cpp's JSON inside the error string
        "{\"error\":\"{\\\"error\\\":{\\\"type\\\":\\\"exceed_context_size_error\\\",\\\"message\\\":\\\"too big\\\"}}\"}",
        // Anthropic
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: 208656 tokens > 200000 maximum\"},\"request_id\":\"req_1\"}",
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"input length and max_tokens exceed context limit: 197000 + 8192 > 200000\"}}",
        "{\"error\":{\"message\":\"the input length exceeds the context length\",\"type\":\"api_error\"}}"
    })
    void contextOverflowOnEveryServer(String body) {
        assertThat(classify(400, body)).isInstanceOf(ContextWindowExceededException.class);
    }

    @Test
    void a429IsNeverAContextOverflow() {
        ProviderException e = classify(429, """
                {"error":{"message":"Request too large: maximum context length ... tokens per min (TPM): Limit 30000",
                "type":"tokens","code":"rate_limit_exceeded"}}""");
        assertThat(e).isInstanceOf(ProviderRateLimitException.class);
        assertThat(e.failureKind()).isEqualTo(FailureKind.RATE_LIMITED);
    }

    @Test
    void insufficientQuotaIsNotARateLimit() {
        assertThat(classify(429, "{\"error\":{\"message\":\"You exceeded your current quota\",\"type\":\"insufficient_quota\","
                + "\"param\":null,\"code\":\"insufficient_quota\"}}")).isInstanceOf(InsufficientQuotaException.class);
        assertThat(classify(402, "{\"error\":{\"message\":\"Insufficient Balance\",\"type\":\"unknown_error\"}}"))
                .isInstanceOf(InsufficientQuotaException.class);
        assertThat(classify(400, "{\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":\"credit balance too low\"}}"))
                .isInstanceOf(InsufficientQuotaException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "401|{\"error\":\"Unauthorized\"}|AUTHENTICATION",
        "401|{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}|AUTHENTICATION",
        "403|{\"error\":{\"code\":403,\"message\":\"forbidden\",\"type\":\"permission_error\"}}|AUTHENTICATION",
        "401|{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}|AUTHENTICATION",
        "404|{\"error\":{\"message\":\"The model `gpt-9` does not exist\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}|MODEL_NOT_FOUND",
        "404|{\"error\":{\"message\":\"The model `X` does not exist.\",\"type\":\"NotFoundError\",\"code\":404}}|MODEL_NOT_FOUND",
        "404|{\"error\":\"model 'llama9' not found, try pulling it first\"}|MODEL_NOT_FOUND",
        "404|{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"model: claude-x\"}}|MODEL_NOT_FOUND",
        "400|{\"error\":{\"message\":\"Unsupported parameter: 'max_tokens'\",\"type\":\"invalid_request_error\",\"param\":\"max_tokens\",\"code\":\"unsupported_parameter\"}}|INVALID_REQUEST",
        "422|{\"error\":{\"message\":\"field required\",\"type\":\"UnprocessableEntityError\",\"code\":422}}|INVALID_REQUEST",
        "413|{\"type\":\"error\",\"error\":{\"type\":\"request_too_large\",\"message\":\"Request exceeds the maximum allowed number of bytes.\"}}|INVALID_REQUEST",
        "400|{\"error\":\"invalid options\"}|INVALID_REQUEST",
        "429|{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of requests has exceeded your rate limit\"}}|RATE_LIMITED",
        "429|{\"error\":\"too many requests\"}|RATE_LIMITED",
        "500|{\"error\":{\"message\":\"boom\",\"type\":\"InternalServerError\",\"code\":500}}|SERVER_ERROR",
        "501|{\"error\":{\"code\":501,\"message\":\"not supported\",\"type\":\"not_supported_error\"}}|SERVER_ERROR",
        "502|<html><body>Bad Gateway</body></html>|SERVER_ERROR",
        "504|{\"type\":\"error\",\"error\":{\"type\":\"timeout_error\",\"message\":\"timeout\"}}|SERVER_ERROR",
        "500|{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}|SERVER_ERROR"
    })
    void classifiesByStatusAndStructure(int status, String body, FailureKind kind) {
        assertThat(classify(status, body).failureKind()).isEqualTo(kind);
    }

    @Test
    void overloadedAndBusy() {
        assertThat(classify(503, "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}"))
                .isInstanceOf(ProviderOverloadedException.class);
        assertThat(classify(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))
                .isInstanceOf(ProviderOverloadedException.class);
        assertThat(classify(503, "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}"))
                .isInstanceOf(ProviderOverloadedException.class);
        assertThat(classify(500, "{\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"))
                .isInstanceOf(ProviderUnavailableException.class).isNotInstanceOf(ProviderOverloadedException.class);
    }

    @Test
    void contentPolicyByCodeAndByText() {
        assertThat(classify(400, "{\"error\":{\"message\":\"Your request was rejected\",\"type\":\"invalid_request_error\","
                + "\"code\":\"content_policy_violation\"}}")).isInstanceOf(ContentPolicyException.class);
        assertThat(classify(400, "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's "
                + "content management policy.\",\"type\":null,\"code\":\"content_filter\"}}")).isInstanceOf(ContentPolicyException.class);
        assertThat(classify(400, "{\"error\":{\"message\":\"Your request was rejected as a result of our safety system.\"}}"))
                .isInstanceOf(ContentPolicyException.class);
    }

    @Test
    void errorsInsideA200StreamAreClassifiedByCodeAndType() {
        Redactor r = Redactor.NONE;
        // vLLM: integer code
        assertThat(ErrorClassifier.classify("p", ErrorParser.parseBody(200,
                "{\"error\":{\"message\":\"boom\",\"type\":\"InternalServerError\",\"code\":500}}", null, r), null))
                .isInstanceOf(ProviderUnavailableException.class);
        // Anthropic overloaded event
        assertThat(ErrorClassifier.classify("p", ErrorParser.parseBody(200,
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", null, r), null))
                .isInstanceOf(ProviderOverloadedException.class);
        // llama.cpp context overflow mid-stream
        assertThat(ErrorClassifier.classify("p", ErrorParser.parseBody(200,
                "{\"error\":{\"code\":400,\"message\":\"request exceeds the available context size\",\"type\":\"exceed_context_size_error\"}}",
                null, r), null)).isInstanceOf(ContextWindowExceededException.class);
        // OpenAI rate limit event
        assertThat(ErrorClassifier.classify("p", ErrorParser.parseBody(200,
                "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}", null, r), null))
                .isInstanceOf(ProviderRateLimitException.class);
        // Ollama mid-stream error line with nothing to classify by: the stream broke
        ProviderException e = ErrorClassifier.classify("p", ErrorParser.parseBody(200, "{\"error\":\"an unknown error\"}", null, r), null);
        assertThat(e).isInstanceOf(StreamBrokenException.class);
        assertThat(e.getMessage()).contains("an unknown error");
    }

    @Test
    void statusZeroWithoutStructureStillGetsATypedException() {
        assertThat(ErrorClassifier.classify("p", ProviderError.of(0, "weird"), null)).isInstanceOf(StreamBrokenException.class);
    }
}
