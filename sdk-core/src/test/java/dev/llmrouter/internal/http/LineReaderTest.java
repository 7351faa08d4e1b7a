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
}
