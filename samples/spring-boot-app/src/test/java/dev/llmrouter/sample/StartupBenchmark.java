package dev.llmrouter.sample;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.config.RouterConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A benchmark, not a test (surefire never runs it; see docs/performance.md for the command): how
 * long the sample app takes to start with the seed configuration (the first start in a fresh JVM,
 * then warm restarts in the same JVM), and how much heap one router bean holds, from the heap used
 * after a full GC with 20 routers alive against none. Prints one line per figure.
 */
public final class StartupBenchmark {
    private static final String[] SEED = {"--llmrouter.config=file:samples/config/providers.yaml,"
            + "file:samples/config/model-mappings.yaml", "--DEEPSEEK_API_KEY=sk-benchmark-placeholder",
            "--spring.main.banner-mode=off", "--logging.level.root=warn", "--server.port=0"};
    private static final int WARM_STARTS = 5;
    private static final int ROUTERS = 20;

    private StartupBenchmark() {
    }

    /** Runs the measurements. */
    public static void main(String[] args) {
        long t0 = System.nanoTime();
        ConfigurableApplicationContext first = start(WebApplicationType.SERVLET);
        double cold = (System.nanoTime() - t0) / 1e6;
        RouterConfig config = first.getBean(RouterConfig.class);
        System.out.printf("models in the seed configuration: %s%n", first.getBean(LlmRouter.class).models());
        first.close();
        System.out.printf("first start (web app, seed config), ms: %.0f%n", cold);

        double[] warm = new double[WARM_STARTS];
        double[] bare = new double[WARM_STARTS];
        for (int i = 0; i < WARM_STARTS; i++) {
            long t = System.nanoTime();
            start(WebApplicationType.SERVLET).close();
            warm[i] = (System.nanoTime() - t) / 1e6;
            t = System.nanoTime();
            start(WebApplicationType.NONE).close();
            bare[i] = (System.nanoTime() - t) / 1e6;
        }
        System.out.printf("warm start (web app), median ms: %.0f  all: %s%n", median(warm), Arrays.toString(round(warm)));
        System.out.printf("warm start (no web server), median ms: %.0f  all: %s%n", median(bare), Arrays.toString(round(bare)));

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterGc(memory);
        List<LlmRouter> routers = new ArrayList<>();
        for (int i = 0; i < ROUTERS; i++) {
            routers.add(LlmRouter.builder().config(config).build());
        }
        long after = usedAfterGc(memory);
        System.out.printf("heap per router bean (seed config, %d alive), KiB: %.0f%n", ROUTERS,
                (after - before) / 1024.0 / ROUTERS);
        routers.forEach(LlmRouter::close);
    }

    private static ConfigurableApplicationContext start(WebApplicationType type) {
        return new SpringApplicationBuilder(SampleApplication.class).web(type).run(SEED);
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static long[] round(double[] values) {
        return Arrays.stream(values).mapToLong(Math::round).toArray();
    }
}
