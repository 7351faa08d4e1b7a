package dev.llmrouter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.MalformedResponseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LineReaderTest {

    private static List<String> lines(LineReader r) throws IOException {
        List<String> out = new ArrayList<>();
        for (String l = r.readLine(); l != null; l = r.readLine()) {
            out.add(l);
        }
        return out;
    }

    @Test
    void acceptsLfCrlfAndLoneCrLineEnds() throws IOException {
        LineReader r = new LineReader(TrickleSource.of("a\nb\r\nc\rd\r\n\r\ne", 1), 100, "p");
        assertThat(lines(r)).containsExactly("a", "b", "c", "d", "", "e");
        assertThat(r.lastLineTerminated()).isFalse();
    }

    @Test
    void crlfSplitAcrossReadsIsOneLineEnd() throws IOException {
        // the CR ends one read and the LF starts the next: still a single line end
        LineReader r = new LineReader(TrickleSource.of("one\r\ntwo\r\n", 4), 100, "p");
        assertThat(lines(r)).containsExactly("one", "two");
        assertThat(r.lastLineTerminated()).isTrue();
    }

    @Test
    void multiByteCharactersSplitAcrossReadsStayIntact() throws IOException {
        String text = "héllo wörld 你好 🎉\n";
        for (int step = 1; step <= 5; step++) {
            LineReader r = new LineReader(TrickleSource.of(text, step), 100, "p");
            assertThat(r.readLine()).isEqualTo("héllo wörld 你好 🎉");
            assertThat(r.readLine()).isNull();
        }
    }

    @Test
    void lineOverTheLimitIsMalformedNamingTheLimit() {
        byte[] big = ("x".repeat(50) + "\n").getBytes(StandardCharsets.UTF_8);
        LineReader r = new LineReader(TrickleSource.of(big, 7), 20, "prov");
        assertThatThrownBy(r::readLine).isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("20 bytes").hasMessageContaining("prov");
    }

    @Test
    void endlessLineWithoutLineEndIsStoppedAtTheLimit() {
        LineReader r = new LineReader(TrickleSource.of("y".repeat(10_000), 512), 1000, "p");
        assertThatThrownBy(r::readLine).isInstanceOf(MalformedResponseException.class).hasMessageContaining("1000 bytes");
    }

    @Test
    void lineExactlyAtTheLimitIsAccepted() throws IOException {
        LineReader r = new LineReader(TrickleSource.of("z".repeat(20) + "\n", 3), 20, "p");
        assertThat(r.readLine()).hasSize(20);
    }

    @Test
    void emptyInputHasNoLines() throws IOException {
        assertThat(new LineReader(TrickleSource.of("", 1), 10, "p").readLine()).isNull();
    }

    private static String peek(LineReader r, int max) throws IOException {
        int n = r.peekOneLineRecord(max);
        return n < 0 ? null : new String(r.peekedBytes(), 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void peeksARecordOfOneLineWithoutConsumingIt() throws IOException {
        LineReader r = new LineReader(TrickleSource.of("data: é1\n\ndata: 2\r\n\r\nx\n", 1), 100, "p");

        assertThat(peek(r, 100)).isEqualTo("data: é1");
        assertThat(r.readLine()).isEqualTo("data: é1");
        assertThat(r.readLine()).isEmpty();
        assertThat(peek(r, 100)).isEqualTo("data: 2");
        r.consumePeeked();
        // "x" is not followed by an empty line: left to readLine
        assertThat(peek(r, 100)).isNull();
        assertThat(lines(r)).containsExactly("x");
    }

    @Test
    void leavesEveryOtherShapeToReadLine() throws IOException {
        for (String text : List.of("a\nb\n\n", "a\r\n\n", "a\n\r\n", "a\r\r", "a\n", "a", "", "toolong\n\n")) {
            LineReader r = new LineReader(TrickleSource.of(text, 2), 100, "p");
            assertThat(peek(r, 6)).as(text).isNull();
            assertThatThrownBy(r::consumePeeked).isInstanceOf(IllegalStateException.class);
        }
        LineReader r = new LineReader(TrickleSource.of("a\r\nb\r\n\r\n", 3), 100, "p");
        assertThat(r.readLine()).isEqualTo("a");
        // the LF of the CRLF that ended "a" is still unread: peeking skips it as readLine would
        assertThat(peek(r, 100)).isEqualTo("b");
        r.consumePeeked();
        assertThat(r.readLine()).isNull();
    }
}
