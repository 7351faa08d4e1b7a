package dev.llmrouter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.api.ProviderError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.Headers;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ErrorParserTest {
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private static ProviderError parse(int status, Headers h, String body) {
        return ErrorParser.parse(status, h, body, NOW, Redactor.NONE);
    }

    @Test
    void openAiEnvelopeWithHeaders() {
        ProviderError e = parse(429, Headers.of("x-request-id", "req_abc", "retry-after-ms", "1500", "retry-after", "20",
                "x-should-retry", "false"), """
                {"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}""");
        assertThat(e).isEqualTo(ProviderError.builder(429).type("requests").code("rate_limit_exceeded")
                .message("Rate limit reached").requestId("req_abc").retryAfter(Duration.ofMillis(1500))
                .shouldRetry(false).build());
    }

    @Test
    void vllmIntegerCodeBecomesText() {
        ProviderError e = parse(404, Headers.of(), "{\"error\":{\"message\":\"The model `X` does not exist.\",\"type\":\"NotFoundError\","
                + "\"param\":null,\"code\":404}}");
        assertThat(e.code()).isEqualTo("404");
        assertThat(e.type()).isEqualTo("NotFoundError");
    }

    @Test
    void vllmOldFlatEnvelope() {
        ProviderError e = parse(400, Headers.of(), "{\"object\":\"error\",\"message\":\"bad\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}");
        assertThat(e.message()).isEqualTo("bad");
        assertThat(e.type()).isEqualTo("BadRequestError");
        assertThat(e.code()).isEqualTo("400");
    }

    @Test
    void stringErrorsFromVllmAndOllama() {
        assertThat(parse(401, Headers.of(), "{\"error\":\"Unauthorized\"}").message()).isEqualTo("Unauthorized");
        ProviderError o = parse(404, Headers.of(), "{\"error\":\"model 'x' not found\"}");
        assertThat(o.message()).isEqualTo("model 'x' not found");
        assertThat(o.type()).isNull();
        assertThat(o.code()).isNull();
    }

    @Test
    void anthropicEnvelopeWithRequestIdHeaderAndBodyFallback() {
        String body = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"},\"request_id\":\"req_body\"}";
        ProviderError fromHeader = parse(529, Headers.of("request-id", "req_hdr"), body);
        assertThat(fromHeader.type()).isEqualTo("overloaded_error");
        assertThat(fromHeader.message()).isEqualTo("Overloaded");
        assertThat(fromHeader.requestId()).isEqualTo("req_hdr");
        assertThat(parse(529, Headers.of(), body).requestId()).isEqualTo("req_body");
    }

    @Test
    void llamaCppEnvelope() {
        ProviderError e = parse(503, Headers.of(), "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}");
        assertThat(e.message()).isEqualTo("Loading model");
        assertThat(e.type()).isEqualTo("unavailable_error");
        assertThat(e.code()).isEqualTo("503");
    }

    @Test
    void fastApiDetailAndUnknownJson() {
        assertThat(parse(404, Headers.of(), "{\"detail\":\"Not Found\"}").message()).isEqualTo("Not Found");
        assertThat(parse(500, Headers.of(), "{\"oops\":1}").message()).isEqualTo("{\"oops\":1}");
    }

    @Test
    void nonJsonBodyKeepsAShortExcerpt() {
        String html = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>" + "x".repeat(5000) + "</body></html>";
        ProviderError e = parse(502, Headers.of(), html);
        assertThat(e.message()).startsWith("<html> <head><title>502 Bad Gateway</title></head>").endsWith("...");
        assertThat(e.message().length()).isLessThanOrEqualTo(Excerpts.DEFAULT_LENGTH + 3);
        assertThat(parse(500, Headers.of(), "").message()).isEqualTo("empty error body");
        assertThat(parse(500, Headers.of(), "{broken").message()).isEqualTo("{broken");
    }

    @Test
    void retryHintFormats() {
        assertThat(ResponseHeaders.retryAfter(Headers.of("retry-after-ms", "250.5"), NOW)).isEqualTo(Duration.ofNanos(250_500_000));
        assertThat(ResponseHeaders.retryAfter(Headers.of("retry-after", "7"), NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(ResponseHeaders.retryAfter(Headers.of("retry-after", "1.5"), NOW)).isEqualTo(Duration.ofMillis(1500));
        assertThat(ResponseHeaders.retryAfter(Headers.of("retry-after", "Wed, 01 Jan 2025 00:00:30 GMT"), NOW))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(ResponseHeaders.retryAfter(Headers.of("retry-after", "Tue, 31 Dec 2024 23:00:00 GMT"), NOW)).isEqualTo(Duration.ZERO);
        assertThat(ResponseHeaders.retryAfter(Headers.of("retry-after", "soon"), NOW)).isNull();
        assertThat(ResponseHeaders.retryAfter(Headers.of("retry-after-ms", "-3", "retry-after", "2"), NOW)).isEqualTo(Duration.ofSeconds(2));
        assertThat(ResponseHeaders.retryAfter(Headers.of(), NOW)).isNull();
    }

    @Test
    void shouldRetryHeader() {
        assertThat(ResponseHeaders.shouldRetry(Headers.of("x-should-retry", "true"))).isTrue();
        assertThat(ResponseHeaders.shouldRetry(Headers.of("x-should-retry", "FALSE"))).isFalse();
        assertThat(ResponseHeaders.shouldRetry(Headers.of("x-should-retry", "maybe"))).isNull();
        assertThat(ResponseHeaders.shouldRetry(Headers.of())).isNull();
    }

    @Test
    void secretsEchoedByTheServerAreMasked() {
        Redactor r = Redactor.of(List.of("sk-live-SECRET123"));
        ProviderError e = ErrorParser.parse(401, Headers.of(), "{\"error\":{\"message\":\"Incorrect API key provided: sk-live-SECRET123\"}}",
                NOW, r);
        assertThat(e.message()).isEqualTo("Incorrect API key provided: ****").doesNotContain("SECRET123");
        assertThat(ErrorParser.parse(400, Headers.of(), "<p>Authorization: Bearer abc.def.ghi</p>", NOW, r).message())
                .doesNotContain("abc.def.ghi");
    }
}
