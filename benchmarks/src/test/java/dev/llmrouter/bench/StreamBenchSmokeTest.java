package dev.llmrouter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Short runs of the stream benchmarks, checking only that they run: every client streams every
 * chunk, the tables come out, the scale run completes its calls. No figure is asserted.
 */
@Tag("integration")
class StreamBenchSmokeTest {

    @Test
    void everyStreamClientStreamsEveryChunkAndTheTableListsThem() throws Exception {
        StreamComparison.Case tiny = new StreamComparison.Case("tiny", 20, 0, 2);

        String table = StreamComparison.run(tiny, StreamClients.NAMES, 1, Duration.ofMillis(200), Duration.ofMillis(300), 10.0);

        assertThat(table).contains("### tiny: 20 chunks per stream", "| raw OkHttp lines |", "| okhttp-sse EventSource |",
                "| llmrouter |", "| openai-java |", "| LangChain4j |", "llmrouter goals: CPU per chunk");
        for (String line : table.split("\n")) {
            if (line.startsWith("| ") && !line.startsWith("| client")) {
                assertThat(line).as(line).endsWith("| 0 |");
            }
        }
    }

    @Test
    void streamsEndedByDoneKeepTheirConnectionAndTheWarmUpRuns() throws Exception {
        try (SseStub stub = SseStub.start(0, 7, Duration.ZERO, false)) {
            for (String name : List.of("raw", "llmrouter")) {
                long before = stub.connections();
                try (StreamClients.Client client = StreamClients.create(name, stub.baseUrl())) {
                    for (int i = 0; i < 5; i++) {
                        int[] chunks = new int[1];
                        client.stream(t -> chunks[0]++);
                        assertThat(chunks[0]).isEqualTo(7);
                    }
                }
                // one caller streaming back to back: one connection, reused by every stream
                assertThat(stub.connections() - before).as(name).isEqualTo(1);
            }
        }
        StreamComparison.warmUp(List.of("raw", "llmrouter"), 3);
        assertThat(StreamComparison.Options.parse(new String[] {"--warmup-streams", "50"}).warmupStreams).isEqualTo(50);
    }

    @Test
    void theStubStampsChunksAndTheScaleRunCompletesStreamsAndChats() throws Exception {
        for (String mode : List.of("stream", "chat")) {
            ScaleRun.Options o = ScaleRun.Options.parse(new String[] {"--mode", mode, "--concurrency", "20", "--chunks", "3",
                    "--gap-ms", "20", "--ramp-s", "0", "--warmup-calls", "2", "--stub-process", "false"});

            List<ScaleRun.Result> results = ScaleRun.run(o);

            assertThat(results).extracting(ScaleRun.Result::client).containsExactly("raw OkHttp", "llmrouter");
            assertThat(results).allSatisfy(r -> {
                assertThat(r.completed()).as(r.client() + " " + mode).isEqualTo(20);
                assertThat(r.errors()).isZero();
                assertThat(r.delays()).isPositive();
            });
            assertThat(ScaleRun.table(results)).contains("llmrouter goals: heap");
        }
    }

    @Test
    void stampsAreReadBackAndBadOptionsAreNamed() {
        assertThat(ScaleRun.stamp("data: ...\"content\":\"t=123456 \"...")).isEqualTo(123456);
        assertThatThrownBy(() -> ScaleRun.Options.parse(new String[] {"--mode", "batch"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--mode");
        assertThatThrownBy(() -> StreamComparison.Options.parse(new String[] {"--cases", "slow"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown 'slow'");
    }
}
