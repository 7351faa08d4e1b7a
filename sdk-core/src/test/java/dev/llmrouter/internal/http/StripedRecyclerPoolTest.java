package dev.llmrouter.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.databind.JsonNode;

@Tag("unit")
class StripedRecyclerPoolTest {
    private final StripedRecyclerPool pool = StripedRecyclerPool.INSTANCE;

    @Test
    void aThreadGetsBackTheRecyclerItReleased() {
        pool.clear();
        BufferRecycler first = pool.acquireAndLinkPooled();
        first.releaseToPool();
        BufferRecycler again = pool.acquireAndLinkPooled();
        assertThat(again).isSameAs(first);
        again.releaseToPool();
    }

    @Test
    void aRecyclerIsNeverHandedOutTwiceAtOnceAndThePoolStaysBounded() throws Exception {
        pool.clear();
        int threads = 8;
        Set<BufferRecycler> held = Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService ex = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> doubles = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                doubles.add(ex.submit(() -> {
                    go.await();
                    int twice = 0;
                    for (int i = 0; i < 20_000; i++) {
                        BufferRecycler r = pool.acquireAndLinkPooled();
                        if (!held.add(r)) {
                            twice++;
                        }
                        held.remove(r);
                        r.releaseToPool();
                    }
                    return twice;
                }));
            }
            go.countDown();
            for (Future<Integer> f : doubles) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            ex.shutdownNow();
        }
        assertThat(pool.pooledCount()).isBetween(1, StripedRecyclerPool.SLOTS);
    }

    @Test
    void parsersOnManyThreadsThroughTheSharedMapperReadTheirOwnDocuments() throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                results.add(ex.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String text = "{\"thread\":" + id + ",\"i\":" + i + ",\"pad\":\"" + "x".repeat(i % 300) + "\"}";
                        JsonNode n = Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        if (n.get("thread").asInt() != id || n.get("i").asInt() != i || !Json.write(n).equals(text)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            ex.shutdownNow();
        }
    }
}
