package dev.llmrouter.internal.routing.wire;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a load run's deadline overshoot owes to the machine rather than to the router (issue 15,
 * defect 10): while the run goes on, an unrelated timer on its own thread ticks every 10 ms and
 * records how late each tick ran (the JVM's and the OS's scheduling, the floor of any in-process
 * timer); at the end it reports that lateness, the CPU time the router's deadline threads used
 * against the run's wall time (a timer thread that is rarely busy is not late by its own backlog),
 * and the time spent in garbage collection. Printed only, never asserted: figures of this machine.
 * Started and read by the test thread; the ticker runs on its own daemon thread.
 */
final class DeadlineDiagnostics implements AutoCloseable {
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "reference-10ms-timer");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Long> lateMicros = new ConcurrentLinkedQueue<>();
    private final long startNanos = System.nanoTime();
    private final long gcStartMillis = gcMillis();
    private final long deadlineCpuStartNanos = deadlineThreadsCpuNanos();

    DeadlineDiagnostics() {
        ticker.scheduleAtFixedRate(new Runnable() {
            private long n;

            @Override
            public void run() {
                n++;
                long due = startNanos + n * TICK_NANOS;
                lateMicros.add(Math.max(0, (System.nanoTime() - due) / 1000));
            }
        }, TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
    }

    /** The figures so far; call before the router closes (its deadline threads end with it). */
    String report() {
        long wall = System.nanoTime() - startNanos;
        long cpu = deadlineThreadsCpuNanos() - deadlineCpuStartNanos;
        List<Long> v = lateMicros.stream().sorted().toList();
        String ticks;
        if (v.isEmpty()) {
            ticks = "no ticks";
        } else {
            java.util.function.IntFunction<String> at = perMille -> ms(v.get(Math.min(v.size() - 1, v.size() * perMille / 1000)));
            ticks = v.size() + " ticks late p50 " + at.apply(500) + ", p99 " + at.apply(990) + ", p99.9 " + at.apply(999)
                    + ", max " + ms(v.get(v.size() - 1)) + ", over 50 ms: " + v.stream().filter(x -> x > 50_000).count();
        }
        return "reference 10 ms timer: " + ticks + "; router deadline threads' CPU " + TimeUnit.NANOSECONDS.toMillis(cpu)
                + " ms in " + TimeUnit.NANOSECONDS.toMillis(wall) + " ms (" + String.format(Locale.ROOT, "%.2f", 100.0 * cpu / wall)
                + " %); GC " + (gcMillis() - gcStartMillis) + " ms; load "
                + ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() + " on "
                + Runtime.getRuntime().availableProcessors() + " CPUs";
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    private static long gcMillis() {
        long sum = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, gc.getCollectionTime());
        }
        return sum;
    }

    /** CPU time of the live {@code llmrouter-deadlines-*} threads (0 where the JVM does not measure it). */
    private static long deadlineThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("llmrouter-deadlines-")) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }
}
