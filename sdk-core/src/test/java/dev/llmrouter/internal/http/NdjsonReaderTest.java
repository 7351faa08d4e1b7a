package dev.llmrouter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.MalformedResponseException;
import dev.llmrouter.api.StreamBrokenException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

@Tag("unit")
class NdjsonReaderTest {

    private static NdjsonReader reader(String text, int maxLine) {
        return new NdjsonReader(LineSource.of(new LineReader(TrickleSource.of(text, 3), maxLine, "p"), "p"), "p");
    }

    @Test
    void readsOneObjectPerLineSkippingBlankLinesAndCrlf() {
        NdjsonReader r = reader("{\"a\":1}\r\n\r\n  \n{\"b\":\"ü\"}\n{\"done\":true}", 100);
        assertThat(r.next().get("a").asInt()).isEqualTo(1);
        assertThat(r.next().get("b").stringValue()).isEqualTo("ü");
        JsonNode last = r.next();
        assertThat(last.get("done").asBoolean()).isTrue();
        assertThat(r.next()).isNull();
    }

    @Test
    void malformedLineQuotesAShortExcerpt() {
        String junk = "{not json " + "z".repeat(500);
        NdjsonReader r = reader("{\"ok\":1}\n" + junk + "\n", 10_000);
        r.next();
        assertThatThrownBy(r::next).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("{not json zzz")
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(250));
    }

    @Test
    void nonObjectLineIsMalformed() {
        assertThatThrownBy(reader("[1,2]\n", 100)::next).isInstanceOf(MalformedResponseException.class);
    }

    @Test
    void lineCutByEndOfInputIsABrokenStream() {
        NdjsonReader r = reader("{\"a\":1}\n{\"message\":{\"content\":\"he", 100);
        r.next();
        assertThatThrownBy(r::next).isInstanceOf(StreamBrokenException.class);
    }

    @Test
    void oversizeLineIsMalformed() {
        assertThatThrownBy(reader("{\"a\":\"" + "x".repeat(200) + "\"}\n", 64)::next)
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("64 bytes");
    }
}
