package dev.llmrouter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives one {@link StreamClients.Client} from a fixed number of platform caller threads, each
 * streaming answers back to back, for a warm-up and then a measured window, and reports per content
 * chunk the CPU time and the bytes allocated by the whole JVM except the stub's threads (so work a
 * client hands to its own threads counts, and so do GC and JIT), chunks per CPU-second, and the
 * time to the first content chunk of the streams started in the window. Not thread-safe; one run
 * at a time.
 */
public final class StreamRun {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** The figures of one run. */
    public record Result(String client, int threads, long chunks, long streams, long errors, double seconds,
                         long cpuNanos, long bytes, double ttftP50Micros, double ttftP99Micros) {
        /** Content chunks per second of wall time. */
        public double chunksPerSecond() {
            return chunks / seconds;
        }

        /** Content chunks per second of CPU time (one core fully busy). */
        public double chunksPerCoreSecond() {
            return cpuNanos == 0 ? 0 : chunks * 1e9 / cpuNanos;
        }

        /** CPU time per content chunk, in microseconds. */
        public double cpuMicrosPerChunk() {
            return chunks == 0 ? Double.NaN : cpuNanos / 1e3 / chunks;
        }

        /** Bytes allocated per content chunk. */
        public double bytesPerChunk() {
            return chunks == 0 ? Double.NaN : bytes / (double) chunks;
        }
    }

    private StreamRun() {
    }

    /** Runs {@code client} from {@code threads} callers: {@code warmup} unrecorded, then {@code measure} recorded. */
    public static Result run(StreamClients.Client client, int threads, Duration warmup, Duration measure)
            throws InterruptedException {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        THREADS.setThreadCpuTimeEnabled(true);
        long begin = System.nanoTime() + Duration.ofMillis(20).toNanos();
        long from = begin + warmup.toNanos();
        long to = from + measure.toNanos();
        LongAdder chunks = new LongAdder();
        CountDownLatch finished = new CountDownLatch(threads);
        Caller[] callers = new Caller[threads];
        for (int i = 0; i < threads; i++) {
            callers[i] = new Caller(client, begin, from, to, chunks, finished);
            callers[i].setName("stream-caller-" + i);
            callers[i].setDaemon(true);
            callers[i].start();
        }
        parkUntil(from);
        Map<Long, long[]> stub = new HashMap<>();
        long[] before = usage(stub);
        long chunksBefore = chunks.sum();
        parkUntil(to);
        long[] after = usage(stub);
        long chunksAfter = chunks.sum();
        long end = System.nanoTime();
        finished.await();
        long streams = 0;
        long errors = 0;
        int n = 0;
        for (Caller c : callers) {
            streams += c.ttftCount;
            errors += c.errors;
            n += c.ttftCount;
        }
        long[] ttft = new long[n];
        int k = 0;
        for (Caller c : callers) {
            System.arraycopy(c.ttft, 0, ttft, k, c.ttftCount);
            k += c.ttftCount;
        }
        Arrays.sort(ttft);
        return new Result(client.name(), threads, chunksAfter - chunksBefore, streams, errors, (end - from) / 1e9,
                after[0] - before[0], after[1] - before[1], pct(ttft, 0.5), pct(ttft, 0.99));
    }

    /** Nearest-rank percentile of sorted nanoseconds, in microseconds. */
    static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e3;
    }

    /**
     * What the JVM spent so far apart from the stub: {@code [cpu nanos, allocated bytes]}. CPU is
     * the process's (so GC and JIT count) less the stub threads'; allocation is the JVM's total
     * (Java 21+, counting threads that ended) or else the sum over live threads, less the stub
     * threads'. Only differences of two snapshots mean anything.
     */
    static long[] usage(Map<Long, long[]> stub) {
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        long[] cpu = THREADS.getThreadCpuTime(ids);
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        long stubCpu = 0;
        long stubBytes = 0;
        long liveBytes = 0;
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) {
                continue;
            }
            if (infos[i].getThreadName().startsWith(SseStub.THREAD_PREFIX)) {
                // a stub thread's own totals: its figures before this run are subtracted with the snapshot
                stub.put(ids[i], new long[] {Math.max(0, cpu[i]), Math.max(0, bytes[i])});
            } else {
                liveBytes += Math.max(0, bytes[i]);
            }
        }
        for (long[] v : stub.values()) {
            stubCpu += v[0];
            stubBytes += v[1];
        }
        long total = TOTAL_ALLOCATED >= 0 ? totalAllocated() : liveBytes + stubBytes;
        return new long[] {PROCESS.getProcessCpuTime() - stubCpu, total - stubBytes};
    }

    private static final com.sun.management.OperatingSystemMXBean PROCESS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** 1 when {@code getTotalThreadAllocatedBytes} (Java 21+) works here, else -1. */
    private static final int TOTAL_ALLOCATED = totalAllocated() >= 0 ? 1 : -1;

    private static long totalAllocated() {
        try {
            return (long) com.sun.management.ThreadMXBean.class.getMethod("getTotalThreadAllocatedBytes").invoke(THREADS);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    private static void parkUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** The first-chunk time of one stream; written by whichever thread the client delivers on. */
    private static final class First implements StreamClients.Sink {
        private final LongAdder chunks;
        private volatile long at;

        First(LongAdder chunks) {
            this.chunks = chunks;
        }

        @Override
        public void text(String text) {
            if (at == 0) {
                at = System.nanoTime();
            }
            chunks.increment();
        }
    }

    /** One caller: streams back to back until the window ends, recording the first-chunk times of the streams started in it. */
    private static final class Caller extends Thread {
        private final StreamClients.Client client;
        private final long begin;
        private final long from;
        private final long to;
        private final LongAdder chunks;
        private final CountDownLatch finished;
        private long[] ttft = new long[1024];
        private int ttftCount;
        private long errors;
        private boolean reported;

        Caller(StreamClients.Client client, long begin, long from, long to, LongAdder chunks, CountDownLatch finished) {
            this.client = client;
            this.begin = begin;
            this.from = from;
            this.to = to;
            this.chunks = chunks;
            this.finished = finished;
        }

        @Override
        public void run() {
            try {
                parkUntil(begin);
                long now;
                while ((now = System.nanoTime()) - to < 0) {
                    First first = new First(chunks);
                    try {
                        client.stream(first);
                    } catch (RuntimeException e) {
                        if (now - from >= 0) {
                            errors++;
                        }
                        if (!reported) {
                            reported = true;
                            System.err.println(client.name() + ": stream failed (first failure per thread only): " + e);
                        }
                        continue;
                    }
                    if (now - from >= 0 && first.at != 0) {
                        if (ttftCount == ttft.length) {
                            ttft = Arrays.copyOf(ttft, ttftCount * 2);
                        }
                        ttft[ttftCount++] = first.at - now;
                    }
                }
            } finally {
                finished.countDown();
            }
        }
    }
}
