package dev.llmrouter.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The router's default executor for async calls, callback streams and background probes. On Java
 * 21 and later: one virtual thread per task (a call blocked on a slow server costs a few kilobytes,
 * not a platform thread). On Java 17: at most {@link #MAX_PLATFORM_THREADS} daemon threads, idle
 * ones ending after 30 s, further tasks queued in order; a queued call's overall deadline runs
 * while it waits, so a flood of {@code chatAsync} calls ends in answers or timeouts, never in
 * thousands of threads. The library is Java 17 bytecode, so virtual threads are reached by method
 * handles. Thread-safe.
 */
public final class Workers {
    /** The most platform threads the default executor starts (Java 17-20). */
    public static final int MAX_PLATFORM_THREADS = 64;

    private Workers() {
    }

    /** A new default executor, as described above. */
    public static ExecutorService create() {
        ExecutorService virtual = virtualThreads();
        return virtual != null ? virtual : boundedPlatformThreads();
    }

    /** Virtual threads named {@code llmrouter-worker-N}, or null before Java 21. */
    static ExecutorService virtualThreads() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
            Object builder = lookup.findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
            builder = lookup.findVirtual(builderClass, "name", MethodType.methodType(builderClass, String.class, long.class))
                    .invoke(builder, "llmrouter-worker-", 1L);
            ThreadFactory factory = (ThreadFactory) lookup.findVirtual(builderClass, "factory",
                    MethodType.methodType(ThreadFactory.class)).invoke(builder);
            return (ExecutorService) lookup.findStatic(java.util.concurrent.Executors.class, "newThreadPerTaskExecutor",
                    MethodType.methodType(ExecutorService.class, ThreadFactory.class)).invoke(factory);
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            return null;
        } catch (Throwable e) {
            // the lookups succeeded but creating the executor failed: fall back rather than fail the router
            return null;
        }
    }

    /** At most {@link #MAX_PLATFORM_THREADS} daemon threads, the rest queued. */
    static ExecutorService boundedPlatformThreads() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_PLATFORM_THREADS, MAX_PLATFORM_THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "llmrouter-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
