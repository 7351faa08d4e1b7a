package dev.llmrouter.redis.multijvm;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The program each child JVM of a multi-JVM test runs: builds a router from the YAML file named
 * by its first argument (its {@code redis:} section makes it use shared state), prints
 * {@code READY}, then obeys commands read line by line from standard input:
 * <ul>
 *   <li>{@code burst MODEL THREADS CALLS TAG}: THREADS threads start together and each sends CALLS
 *       chats to model group MODEL; every call prints {@code DONE OUTCOME MILLIS TAG}, where OUTCOME is
 *       {@code ok} or the exception's simple class name; then {@code BURST-END}.</li>
 *   <li>{@code quit}: closes the router and exits 0.</li>
 * </ul>
 * Output lines are whole (one {@code println} under the stream's lock), so the parent can read
 * them while calls still run.
 */
public final class RouterWorker {
    private RouterWorker() {
    }

    /** Entry point of the child JVM. */
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String name = args[1];
        try (LlmRouter router = LlmRouter.fromYaml(Path.of(args[0]))) {
            out.println("READY");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String[] cmd = line.trim().split(" ");
                if (cmd[0].equals("quit")) {
                    break;
                }
                if (cmd[0].equals("burst")) {
                    burst(router, cmd[1], Integer.parseInt(cmd[2]), Integer.parseInt(cmd[3]), name + "-" + cmd[4], out);
                }
            }
        }
        out.println("BYE");
    }

    private static void burst(LlmRouter router, String model, int threads, int calls, String tag, PrintStream out)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String threadTag = tag + "-t" + t;
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < calls; i++) {
                    String callTag = threadTag + "-" + i;
                    long t0 = System.nanoTime();
                    String outcome;
                    try {
                        router.chat(ChatRequest.builder().model(model).user(callTag).maxTokens(8).build());
                        outcome = "ok";
                    } catch (RuntimeException e) {
                        outcome = e.getClass().getSimpleName();
                    }
                    out.println("DONE " + outcome + " " + (System.nanoTime() - t0) / 1_000_000 + " " + callTag);
                }
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) {
            th.join();
        }
        out.println("BURST-END");
    }
}
