package dev.llmrouter.internal.config;

import dev.llmrouter.config.RouterConfig;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The configuration instances the loader has validated and whose problems it has already handed
 * out (logged, or returned in a {@code LoadResult} with their file:line), so that building a router
 * from one does not validate it again and report the same warnings a second time, as
 * {@code <java>:0:0}. Instances are held weakly and compared by identity: an equal configuration
 * built in code is still validated when a router is built from it. A process loads a handful of
 * configurations, so a list is enough. Thread-safe.
 */
public final class ReportedConfigs {
    private static final List<WeakReference<RouterConfig>> REPORTED = new ArrayList<>();

    private ReportedConfigs() {
    }

    /** Notes that {@code config} was validated (without errors) and its problems reported. */
    public static void add(RouterConfig config) {
        Objects.requireNonNull(config, "config");
        synchronized (REPORTED) {
            REPORTED.removeIf(r -> r.get() == null);
            REPORTED.add(new WeakReference<>(config));
        }
    }

    /** True when the loader validated this very {@code config} instance and reported its problems. */
    public static boolean contains(RouterConfig config) {
        synchronized (REPORTED) {
            for (WeakReference<RouterConfig> r : REPORTED) {
                if (r.get() == config) {
                    return true;
                }
            }
            return false;
        }
    }
}
