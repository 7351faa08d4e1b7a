package dev.llmrouter.bench;

import dev.llmrouter.LlmRouter;
import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.OverallTimeoutException;
import dev.llmrouter.api.RequestOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * How late calls end after their deadline when the CPU is saturated (issue 15, defect 10), and how
 * much of that is the router's own timer path. Against a server that accepts and never answers,
 * {@code --threads} callers (64 by default) each make calls with a deadline of {@code --deadline-ms}
 * while {@code --burners} threads spin, and the overshoot past each deadline is recorded. Three
 * modes, one after the other in one JVM:
 *
 * <ul>
 *   <li>{@code timer}: no call at all; each caller waits on a task of one shared
 *       {@code ScheduledThreadPoolExecutor} due at the deadline: how late a timer thread and a woken
 *       thread run on this machine now (the floor of any in-process deadline);
 *   <li>{@code raw}: a bare OkHttp call cancelled by such a task at the deadline: the timer plus
 *       waking a thread blocked in a socket read;
 *   <li>{@code raw-sequential}: the same with OkHttp's fast fallback off (connecting on the
 *       calling thread rather than on OkHttp's task threads), as the router's own client does;
 *   <li>{@code llmrouter}: {@code LlmRouter.chat} with that overall timeout ({@code numRetries 0}),
 *       which must end with {@link OverallTimeoutException}.
 * </ul>
 *
 * The router's own share is the {@code llmrouter} distribution minus the {@code raw} one. Prints a
 * markdown table. Run: {@code java -cp benchmarks.jar dev.llmrouter.bench.DeadlineOvershoot
 * [--threads 64] [--burners 2] [--deadline-ms 100] [--seconds 20] [--modes timer,raw,raw-sequential,llmrouter]}.
 */
public final class DeadlineOvershoot {
    private static final MediaType JSON = MediaType.get("application/json");

    private DeadlineOvershoot() {
    }

    /** Runs the modes and prints the table. */
    public static void main(String[] args) throws Exception {
        int threads = 64;
        int burners = 2;
        long deadlineMs = 100;
        int seconds = 20;
        List<String> modes = List.of("timer", "raw", "raw-sequential", "llmrouter");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--burners" -> burners = Integer.parseInt(args[i + 1]);
                case "--deadline-ms" -> deadlineMs = Long.parseLong(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--modes" -> modes = List.of(args[i + 1].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.println("load average before: " + loadAverage());
        System.out.printf(Locale.ROOT, "%d caller threads, %d spinning threads, deadline %d ms, %d s per mode, %s%n%n",
                threads, burners, deadlineMs, seconds, Runtime.version());
        System.out.println("| mode | calls | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | > 10 ms late | > 50 ms late | wrong ends |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        try (Hanging server = new Hanging()) {
            for (String mode : modes) {
                System.out.println(run(mode, server.port, threads, burners, Duration.ofMillis(deadlineMs), seconds));
            }
        }
        System.out.println();
        System.out.println("load average after: " + loadAverage());
    }

    private static String run(String mode, int port, int threads, int burners, Duration deadline, int seconds)
            throws InterruptedException {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-timer");
            t.setDaemon(true);
            return t;
        });
        // "raw": OkHttp's defaults (fast fallback connects on OkHttp's task threads); "raw-sequential": connects on
        // the calling thread, as the router's own client does
        OkHttpClient raw = new OkHttpClient.Builder().readTimeout(Duration.ZERO).retryOnConnectionFailure(false)
                .fastFallback(!mode.equals("raw-sequential")).build();
        raw.dispatcher().setMaxRequestsPerHost(threads * 2);
        String base = "http://127.0.0.1:" + port + "/v1";
        LlmRouter router = mode.equals("llmrouter")
                ? LlmRouter.builder().config(BenchConfigs.group(List.of(base), 1, "simple-shuffle")).build() : null;
        ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
        AtomicLong wrong = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> all = new ArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        for (int i = 0; i < burners; i++) {
            Thread b = new Thread(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() & 7;
                }
                if (x == 42) {
                    System.out.print("");
                }
            }, "burner-" + i);
            b.setDaemon(true);
            all.add(b);
        }
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                long[] mine = new long[1 << 14];
                int n = 0;
                try {
                    while (System.nanoTime() < end && n < mine.length) {
                        long start = System.nanoTime();
                        boolean ok = switch (mode) {
                            case "timer" -> timerOnly(timer, deadline);
                            case "raw", "raw-sequential" -> rawCall(raw, base, timer, deadline);
                            case "llmrouter" -> routerCall(router, deadline);
                            default -> throw new IllegalArgumentException("unknown mode " + mode);
                        };
                        mine[n++] = System.nanoTime() - start - deadline.toNanos();
                        if (!ok) {
                            wrong.incrementAndGet();
                        }
                    }
                } finally {
                    samples.add(Arrays.copyOf(mine, n));
                    done.countDown();
                }
            }, "caller-" + i);
            all.add(t);
        }
        all.forEach(Thread::start);
        done.await();
        stop.set(true);
        timer.shutdownNow();
        raw.dispatcher().cancelAll();
        raw.dispatcher().executorService().shutdown();
        raw.connectionPool().evictAll();
        if (router != null) {
            router.close();
        }
        long[] all2 = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return row(mode, all2, wrong.get());
    }

    private static boolean timerOnly(ScheduledExecutorService timer, Duration deadline) {
        CountDownLatch fired = new CountDownLatch(1);
        timer.schedule(fired::countDown, deadline.toNanos(), TimeUnit.NANOSECONDS);
        try {
            fired.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    private static boolean rawCall(OkHttpClient client, String base, ScheduledExecutorService timer, Duration deadline) {
        Request request = new Request.Builder().url(base + "/chat/completions")
                .post(RequestBody.create("{\"model\":\"m\",\"messages\":[]}", JSON)).build();
        Call call = client.newCall(request);
        var cancel = timer.schedule(call::cancel, deadline.toNanos(), TimeUnit.NANOSECONDS);
        try (Response r = call.execute()) {
            return false;
        } catch (IOException e) {
            return call.isCanceled();
        } finally {
            cancel.cancel(false);
        }
    }

    private static boolean routerCall(LlmRouter router, Duration deadline) {
        ChatRequest request = ChatRequest.builder().model(BenchConfigs.GROUP).user("hi").options(RequestOptions.builder()
                .overallTimeout(deadline).numRetries(0).disableFallbacks().build()).build();
        try {
            router.chat(request);
            return false;
        } catch (OverallTimeoutException e) {
            return true;
        } catch (LlmRouterException e) {
            return false;
        }
    }

    private static String row(String mode, long[] sorted, long wrong) {
        long late10 = Arrays.stream(sorted).filter(v -> v > 10_000_000L).count();
        long late50 = Arrays.stream(sorted).filter(v -> v > 50_000_000L).count();
        return String.format(Locale.ROOT, "| %s | %,d | %.2f | %.2f | %.2f | %.2f | %.2f | %d (%.3f %%) | %d (%.3f %%) | %d |",
                mode, sorted.length, ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), ms(sorted, 0.999),
                ms(sorted, 1.0), late10, 100.0 * late10 / Math.max(1, sorted.length), late50,
                100.0 * late50 / Math.max(1, sorted.length), wrong);
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
        return sorted[i] / 1e6;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    /** A server on 127.0.0.1 that accepts connections, reads what comes, and never answers. */
    private static final class Hanging implements AutoCloseable {
        private final ServerSocket socket;
        final int port;
        private final List<Socket> open = new ArrayList<>();

        Hanging() throws IOException {
            socket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
            port = socket.getLocalPort();
            Thread accept = new Thread(this::accept, "hanging-accept");
            accept.setDaemon(true);
            accept.start();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    synchronized (open) {
                        open.add(s);
                    }
                    Thread reader = new Thread(() -> drain(s), "hanging-read");
                    reader.setDaemon(true);
                    reader.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void drain(Socket s) {
            byte[] buf = new byte[4096];
            try (InputStream in = s.getInputStream()) {
                while (in.read(buf) >= 0) {
                    // requests pile up unanswered
                }
            } catch (IOException e) {
                // the client cancelled: the socket is gone
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
                synchronized (open) {
                    for (Socket s : open) {
                        s.close();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
