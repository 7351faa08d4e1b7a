package dev.llmrouter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.api.MalformedResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SseReaderTest {

    private static SseReader reader(String text, int step) {
        return new SseReader(LineSource.of(new LineReader(TrickleSource.of(text, step), 1000, "p"), "p"), 10_000, "p");
    }

    private static List<SseEvent> all(SseReader r) {
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent e = r.next(); e != null; e = r.next()) {
            out.add(e);
        }
        return out;
    }

    @Test
    void parsesNamedEventsMultiLineDataCommentsAndCrlf() {
        String text = ": keep-alive\r\n\r\nevent: message_start\r\ndata: {\"a\":1}\r\n\r\n"
                + ": ping comment\ndata: line1\ndata:line2\ndata:  indented\n\n"
                + "id: 7\nevent: ping\ndata: {}\n\n"
                + "data: [DONE]\n\n";
        List<SseEvent> events = all(reader(text, 3));
        assertThat(events).extracting(SseEvent::event).containsExactly("message_start", "message", "ping", "message");
        assertThat(events.get(0).data()).isEqualTo("{\"a\":1}");
        assertThat(events.get(1).data()).isEqualTo("line1\nline2\n indented");
        assertThat(events.get(2).id()).isEqualTo("7");
        assertThat(events.get(3).isDone()).isTrue();
        assertThat(events.get(0).isDone()).isFalse();
    }

    @Test
    void blankLinesWithoutDataDispatchNothingAndResetTheEventName() {
        List<SseEvent> events = all(reader("event: stale\n\n\n\ndata: x\n\n", 1));
        assertThat(events).containsExactly(new SseEvent("message", "x", null));
    }

    @Test
    void dropsALeadingBomAndFieldsWithoutColon() {
        List<SseEvent> events = all(reader("\uFEFFdata: a\nretry: 10\nunknown\n\n", 2));
        assertThat(events).containsExactly(new SseEvent("message", "a", null));
    }

    @Test
    void splitUtf8InDataSurvivesOneByteReads() {
        List<SseEvent> events = all(reader("data: {\"t\":\"日本語 ✓ 😀\"}\n\n", 1));
        assertThat(events.get(0).data()).isEqualTo("{\"t\":\"日本語 ✓ 😀\"}");
    }

    @Test
    void lastEventWithoutBlankLineIsStillDispatched() {
        assertThat(all(reader("data: a\n\ndata: b\n", 4))).extracting(SseEvent::data).containsExactly("a", "b");
    }

    @Test
    void eventCutMidLineAtEndOfInputIsDropped() {
        assertThat(all(reader("data: a\n\ndata: {\"cut", 4))).extracting(SseEvent::data).containsExactly("a");
    }

    @Test
    void countsOnlyWholeEventsAsRecords() {
        AtomicInteger records = new AtomicInteger();
        LineSource base = LineSource.of(new LineReader(TrickleSource.of(": c\n\ndata: a\n\n: c\ndata: b\n\n", 2), 100, "p"), "p");
        LineSource counting = new LineSource() {
            @Override
            public String readLine() {
                return base.readLine();
            }

            @Override
            public boolean lastLineTerminated() {
                return base.lastLineTerminated();
            }

            @Override
            public void recordArrived() {
                records.incrementAndGet();
            }
        };
        assertThat(all(new SseReader(counting, 100, "p"))).hasSize(2);
        assertThat(records).hasValue(2);
    }

    @Test
    void eventOverTheSizeLimitIsMalformed() {
        SseReader r = new SseReader(LineSource.of(new LineReader(TrickleSource.of("data: aaaa\n".repeat(10) + "\n", 5), 100, "p"), "p"),
                30, "p");
        assertThatThrownBy(r::next).isInstanceOf(MalformedResponseException.class).hasMessageContaining("30 characters");
    }
}
