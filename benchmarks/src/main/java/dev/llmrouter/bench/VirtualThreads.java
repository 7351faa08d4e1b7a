package dev.llmrouter.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Virtual threads for the scale benchmarks, reached by method handles because this module is
 * compiled for Java 17: on Java 21 and later a factory of virtual threads, before that daemon
 * platform threads. Stateless.
 */
public final class VirtualThreads {
    private VirtualThreads() {
    }

    /** True when this JVM has virtual threads (Java 21+). */
    public static boolean available() {
        return virtual("probe-") != null;
    }

    /** Virtual threads named {@code prefix<n>}, or daemon platform threads when the JVM has none. */
    public static ThreadFactory factoryOr(String prefix) {
        ThreadFactory f = virtual(prefix);
        return f != null ? f : platform(prefix);
    }

    /** Daemon platform threads named {@code prefix<n>}. */
    public static ThreadFactory platform(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static ThreadFactory virtual(String prefix) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builderClass = Class.forName("java.lang.Thread$Builder");
            Object builder = lookup.findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
            builder = lookup.findVirtual(builderClass, "name", MethodType.methodType(builderClass, String.class, long.class))
                    .invoke(builder, prefix, 1L);
            return (ThreadFactory) lookup.findVirtual(builderClass, "factory", MethodType.methodType(ThreadFactory.class))
                    .invoke(builder);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return null;
        } catch (Throwable e) {
            throw new IllegalStateException("this JVM has virtual threads but they could not be created", e);
        }
    }
}
