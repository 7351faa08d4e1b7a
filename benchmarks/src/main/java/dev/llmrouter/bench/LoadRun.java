package dev.llmrouter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives one {@link BenchClient} from a fixed number of threads for a fixed warm-up and then a fixed
 * measured time, and reports latency percentiles, throughput and allocation per call. Every thread
 * calls back to back (closed loop). Allocation is read with
 * {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes}: on the calling threads around
 * their measured calls, and on every live thread of the JVM except the stub's and the driver's,
 * which also catches work a client hands to its own threads (timers, selector threads).
 * Latencies go into arrays sized before the measured phase, so recording them allocates nothing.
 * Not thread-safe; one run at a time.
 */
public final class LoadRun {
    /** The user message of every call. */
    public static final String PROMPT = "Say hello in five words.";
    /** The output token cap of every call. */
    public static final int MAX_TOKENS = 16;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Room for latencies per thread and measured second; far above what one thread can do on loopback. */
    private static final int SLOTS_PER_SECOND = 100_000;

    private LoadRun() {
    }

    /**
     * Runs {@code client} from {@code threads} threads: {@code warmup} of calls that are not
     * recorded, then {@code measure} of recorded calls. Returns when every thread has stopped.
     */
    public static LoadResult run(BenchClient client, int threads, Duration warmup, Duration measure)
            throws InterruptedException {
        if (!THREADS.isThreadAllocatedMemoryEnabled()) {
            THREADS.setThreadAllocatedMemoryEnabled(true);
        }
        long begin = System.nanoTime() + Duration.ofMillis(50).toNanos();
        long from = begin + warmup.toNanos();
        long to = from + measure.toNanos();
        int slots = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(1, measure.toSeconds()) * SLOTS_PER_SECOND);
        CountDownLatch measured = new CountDownLatch(threads);
        CountDownLatch release = new CountDownLatch(1);
        Worker[] workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker(client, begin, from, to, new long[slots], measured, release);
            workers[i].setName("load-" + i);
            workers[i].setDaemon(true);
            workers[i].start();
        }
        parkUntil(from);
        Map<Long, Long> before = allocatedByClientThreads();
        measured.await();
        Map<Long, Long> after = allocatedByClientThreads();
        release.countDown();
        for (Worker w : workers) {
            w.join();
        }
        return result(client.name(), threads, workers, before, after, to - from);
    }

    private static LoadResult result(String name, int threads, Worker[] workers, Map<Long, Long> before,
                                     Map<Long, Long> after, long windowNanos) {
        long calls = 0;
        long errors = 0;
        long callerBytes = 0;
        long lastEnd = 0;
        for (Worker w : workers) {
            calls += w.count;
            errors += w.errors;
            callerBytes += w.allocated;
            lastEnd = Math.max(lastEnd, w.lastEnd - w.from);
        }
        long[] all = new long[(int) Math.min(Integer.MAX_VALUE - 8, calls)];
        int n = 0;
        for (Worker w : workers) {
            int k = (int) Math.min(w.count, w.latencies.length);
            System.arraycopy(w.latencies, 0, all, n, k);
            n += k;
        }
        long[] sorted = Arrays.copyOf(all, n);
        Arrays.sort(sorted);
        long allBytes = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            allBytes += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        double seconds = Math.max(windowNanos, lastEnd) / 1e9;
        long div = Math.max(1, calls);
        return new LoadResult(name, threads, calls, errors, calls / seconds, pct(sorted, 0.50), pct(sorted, 0.90),
                pct(sorted, 0.99), pct(sorted, 0.999), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e3,
                callerBytes / (double) div, allBytes / (double) div);
    }

    /** Nearest-rank percentile of sorted nanosecond latencies, in microseconds. */
    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e3;
    }

    /** Bytes allocated so far by each live thread other than the stub's and this driver thread. */
    private static Map<Long, Long> allocatedByClientThreads() {
        long self = Thread.currentThread().getId();
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        Map<Long, Long> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            ThreadInfo info = infos[i];
            if (info == null || ids[i] == self || bytes[i] < 0 || isStubThread(info.getThreadName())) {
                continue;
            }
            out.put(ids[i], bytes[i]);
        }
        return out;
    }

    /** The stub's handler pool and the JDK HTTP server's own dispatcher thread. */
    static boolean isStubThread(String name) {
        return name.startsWith(StubServer.THREAD_PREFIX) || name.startsWith("HTTP-Dispatcher")
                || name.startsWith("idle-timeout-task") || name.startsWith("server-timer");
    }

    private static void parkUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** One load thread: warm-up calls, then measured calls, then waits to be released. */
    private static final class Worker extends Thread {
        private final BenchClient client;
        private final long begin;
        private final long from;
        private final long to;
        private final long[] latencies;
        private final CountDownLatch measured;
        private final CountDownLatch release;
        long count;
        long errors;
        long allocated;
        long lastEnd;
        private boolean reported;

        Worker(BenchClient client, long begin, long from, long to, long[] latencies, CountDownLatch measured,
               CountDownLatch release) {
            this.client = client;
            this.begin = begin;
            this.from = from;
            this.to = to;
            this.latencies = latencies;
            this.measured = measured;
            this.release = release;
        }

        @Override
        public void run() {
            try {
                parkUntil(begin);
                while (System.nanoTime() - from < 0) {
                    callQuietly();
                }
                long bytes = THREADS.getCurrentThreadAllocatedBytes();
                long now = System.nanoTime();
                while (now - to < 0) {
                    boolean ok = callQuietly();
                    long end = System.nanoTime();
                    if (ok && count < latencies.length) {
                        latencies[(int) count] = end - now;
                    }
                    if (ok) {
                        count++;
                    } else {
                        errors++;
                    }
                    now = end;
                }
                lastEnd = now;
                allocated = THREADS.getCurrentThreadAllocatedBytes() - bytes;
            } finally {
                measured.countDown();
            }
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private boolean callQuietly() {
            try {
                return client.call() != null;
            } catch (RuntimeException e) {
                if (!reported) {
                    reported = true;
                    System.err.println(client.name() + ": call failed (only the first failure per thread is shown): " + e);
                }
                return false;
            }
        }
    }
}
