package dev.llmrouter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A few seconds of the soak run, to keep the harness working: every call ends, the checks hold,
 * a heap sample is taken each second. How flat the heap stays is measured by the long run only.
 */
@Tag("integration")
class SoakBenchmarkTest {

    @Test
    void aShortSoakEndsEveryCallAndLeavesNothingBehind() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        SoakBenchmark.Result r = SoakBenchmark.run(SoakBenchmark.Options.parse("--seconds", "4", "--rate", "25",
                "--threads", "4", "--fault-rate", "0.5", "--sample-seconds", "1"),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(r.problems()).as(out).isEmpty();
        assertThat(r.untyped()).isEmpty();
        assertThat(r.calls()).isEqualTo(100);
        assertThat(r.answered() + r.failures().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(100);
        assertThat(r.samples()).hasSizeBetween(4, 6);
        assertThat(r.samples()).allSatisfy(s -> assertThat(s.heapAfterGcBytes()).isPositive());
        assertThat(r.serverRequests().keySet()).containsExactly("faulty0", "faulty1", "faulty2", "steady");
        assertThat(r.attempts()).containsKey("refusing");
        assertThat(out).contains("| minute | heap after full GC (KiB) |", "checks: all held");
    }

    @Test
    void theSlopeIsTheLeastSquaresFitAfterTheFirstSample() {
        List<SoakBenchmark.Sample> s = List.of(sample(0, 900_000), sample(60, 10), sample(120, 20),
                sample(180, 30));

        assertThat(SoakBenchmark.slopeKibPerMinute(s)).isEqualTo(10.0);
    }

    @Test
    void unknownOptionsAreNamed() {
        assertThatThrownBy(() -> SoakBenchmark.Options.parse("--minuts", "3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --minuts");
    }

    private static SoakBenchmark.Sample sample(long seconds, long kib) {
        return new SoakBenchmark.Sample(seconds, kib * 1024, 0, 0, 0, 0, 0);
    }
}
