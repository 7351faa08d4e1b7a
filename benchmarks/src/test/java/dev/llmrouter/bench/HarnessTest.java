package dev.llmrouter.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.spi.provider.ProviderAdapter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Checks that the benchmark harness works, not how fast anything is: the stub answers, each client
 * of the load comparison makes a successful call, a short load run reports sane figures, and the
 * decision-path fixture and the in-memory router decide. No benchmark is run here.
 */
@Tag("integration")
class HarnessTest {
    private static StubServer stub;

    @BeforeAll
    static void startStub() throws IOException {
        stub = StubServer.start(4);
    }

    @AfterAll
    static void stopStub() {
        stub.close();
    }

    @Test
    void stubAnswersAChatCompletionAndAModelList() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> chat = http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(stub.baseUrl() + "/models")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(chat.statusCode()).isEqualTo(200);
        assertThat(chat.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(chat.body()).contains("\"chat.completion\"", StubServer.ANSWER, "\"total_tokens\":18");
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.body()).contains("\"id\":\"" + StubServer.MODEL + "\"");
    }

    @Test
    void everyClientGetsTheStubsAnswer() {
        List<Function<String, BenchClient>> factories = List.of(RawOkHttpClient::new, url -> new RouterClient(url, 2),
                OpenAiJavaClient::new, LangChain4jClient::new);
        Set<String> names = new HashSet<>();
        long before = stub.served();
        for (Function<String, BenchClient> f : factories) {
            try (BenchClient c = f.apply(stub.baseUrl())) {
                assertThat(c.call()).as(c.name()).contains(StubServer.ANSWER);
                names.add(c.name());
            }
        }
        assertThat(names).containsExactlyInAnyOrder("raw OkHttp", "llmrouter", "openai-java", "LangChain4j");
        assertThat(stub.served() - before).isEqualTo(4);
    }

    @Test
    void aShortLoadRunCountsCallsLatenciesAndAllocation() throws InterruptedException {
        try (BenchClient c = new RawOkHttpClient(stub.baseUrl())) {
            LoadResult r = LoadRun.run(c, 2, Duration.ofMillis(100), Duration.ofMillis(300));

            assertThat(r.client()).isEqualTo("raw OkHttp");
            assertThat(r.threads()).isEqualTo(2);
            assertThat(r.errors()).isZero();
            assertThat(r.calls()).isPositive();
            assertThat(r.throughput()).isPositive();
            assertThat(r.p50()).isPositive().isLessThanOrEqualTo(r.p90());
            assertThat(r.p90()).isLessThanOrEqualTo(r.p99());
            assertThat(r.p99()).isLessThanOrEqualTo(r.p999());
            assertThat(r.p999()).isLessThanOrEqualTo(r.max());
            assertThat(r.callerBytes()).isPositive();
            assertThat(r.allBytes()).isGreaterThanOrEqualTo(r.callerBytes() * 0.9);
        }
    }

    @Test
    void aFailingClientIsCountedAsErrorsNotCalls() throws InterruptedException {
        BenchClient failing = new BenchClient() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public String call() {
                throw new IllegalStateException("down");
            }

            @Override
            public void close() {
            }
        };
        // a whole second: the worker reports its first failure with a stack trace, and on a loaded machine
        // a shorter window can pass before it gets back to calling
        LoadResult r = LoadRun.run(failing, 1, Duration.ofMillis(10), Duration.ofSeconds(1));

        assertThat(r.calls()).isZero();
        assertThat(r.errors()).isPositive();
    }

    @Test
    void theResultTableComparesWithRawAndChecksTheGoals() {
        LoadResult raw = new LoadResult("raw OkHttp", 4, 1000, 0, 20_000, 100, 150, 200, 300, 400, 10_000, 10_000);
        LoadResult router = new LoadResult("llmrouter", 4, 950, 0, 19_000, 120, 170, 500, 600, 700, 15_000, 25_000);

        String table = ResultTable.render(4, List.of(raw, router), 1, 2);

        assertThat(table).contains("### 4 thread(s)", "| 1 | llmrouter | 19,000 | 0.95 | 120.0 | +20.0 |",
                "p50 +20.0 µs over raw (<= 10: MISSED)", "p99 +300.0 µs over raw (<= 250: MISSED)",
                "throughput 0.95x raw (>= 0.95: met)", "allocation 2.50x raw (<= 1.3: MISSED)");
    }

    @Test
    void overSeveralRoundsTheTableAddsEachClientsMedians() {
        List<LoadResult> results = List.of(
                new LoadResult("raw OkHttp", 1, 100, 0, 10_000, 100, 0, 200, 0, 0, 0, 10_000),
                new LoadResult("llmrouter", 1, 100, 0, 9_000, 110, 0, 260, 0, 0, 0, 18_000),
                new LoadResult("llmrouter", 1, 100, 0, 4_000, 300, 0, 900, 0, 0, 0, 18_000),
                new LoadResult("raw OkHttp", 1, 100, 0, 5_000, 250, 0, 500, 0, 0, 0, 10_000),
                new LoadResult("raw OkHttp", 1, 100, 0, 10_000, 100, 0, 200, 0, 0, 0, 10_000),
                new LoadResult("llmrouter", 1, 100, 0, 9_500, 120, 0, 240, 0, 0, 0, 18_000));

        String table = ResultTable.render(1, results, 3, 2);

        // per round: +10/+50/+20 µs at p50, 0.90/0.80/0.95 throughput; the medians are +20 and 0.90
        assertThat(table).contains("#### 1 thread(s): medians over 3 rounds",
                "| llmrouter | 9,000 | 0.90 | 120.0 | +20.0 | 260.0 | +60.0 | 18,000 B | 1.80 |",
                "| raw OkHttp | 10,000 | 1.00 | 100.0 | +0.0 |",
                "medians, llmrouter goals: p50 +20.0 µs over raw (<= 5: MISSED); p99 +60.0 µs over raw (<= 250: met); "
                        + "throughput 0.90x raw (no goal with 1 thread); allocation 1.80x raw (<= 1.3: MISSED)");
    }

    @Test
    void theDecisionPathRouterFailsEachDeploymentOnceThenSpreadsOverAll() {
        ChatRequest request = ChatRequest.builder().model(BenchConfigs.GROUP).user(LoadRun.PROMPT).build();
        List<InMemoryAdapter> adapters = new java.util.ArrayList<>();
        try (LlmRouter router = DecisionPathBenchmark.inMemoryRouter(10, "simple-shuffle", true, adapters)) {
            DecisionPathBenchmark.failEachOnce(router, request, adapters);
            assertThat(adapters).hasSize(10).allSatisfy(a -> assertThat(a.failedOnce()).isTrue());
            assertThat(router.health().deployments()).hasSize(10).allSatisfy(d -> {
                assertThat(d.circuit().state()).isEqualTo(dev.llmrouter.spi.state.CircuitState.CLOSED);
                assertThat(d.circuit().failuresInWindow()).isEqualTo(1);
            });
            Set<String> chosen = new HashSet<>();
            for (int i = 0; i < 2_000; i++) {
                chosen.add(router.chat(request).route().deploymentId());
            }
            assertThat(chosen).hasSize(10);
        }
    }

    @Test
    void severalDeploymentsCanShareTheStubsOneProvider() {
        var config = BenchConfigs.group(List.of(stub.baseUrl()), 3, "simple-shuffle");

        assertThat(config.providers()).containsOnlyKeys("p0");
        assertThat(config.models().get(BenchConfigs.GROUP).deployments()).hasSize(3)
                .allSatisfy(d -> assertThat(d.provider()).isEqualTo("p0"));
    }

    @Test
    void theInMemoryRouterAnswersThroughTheWholePath() {
        var config = BenchConfigs.inMemory(3, "simple-shuffle");
        LlmRouter.Builder b = LlmRouter.builder().config(config);
        config.providers().keySet().forEach(p -> b.adapter(p, new InMemoryAdapter(p)));
        try (LlmRouter router = b.build()) {
            ChatResponse r = router.chat(ChatRequest.builder().model(BenchConfigs.GROUP).user(LoadRun.PROMPT).build());

            assertThat(r.text()).isEqualTo(StubServer.ANSWER);
            assertThat(r.usage()).isEqualTo(InMemoryAdapter.USAGE);
            assertThat(r.route().attempts()).hasSize(1);
        }
    }

    @Test
    void aGroupNeedsADeployment() {
        assertThatThrownBy(() -> BenchConfigs.inMemory(0, "simple-shuffle"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> BenchConfigs.group(List.of(), 2, "simple-shuffle"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
