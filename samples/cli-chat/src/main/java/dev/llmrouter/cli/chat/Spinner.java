package dev.llmrouter.cli.chat;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The terminal's "waiting for the first words" line on standard error: a spinner, the deployment
 * being tried and the time waited ({@code ⠹ local/ollama/llama3.1:latest#0  2.4 s}), redrawn every
 * 100 ms on its own daemon thread and erased when the answer starts. Only for a terminal: it
 * writes carriage returns and an erase-line code. Thread-safe.
 */
public final class Spinner implements Waiting {
    private static final String FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
    private static final long FRAME_MILLIS = 100;
    private static final String ERASE_LINE = "\r\u001b[K";

    private final PrintStream err;
    private final Supplier<String> trying;

    /**
     * A spinner.
     *
     * @param err where it is drawn (the terminal's standard error)
     * @param trying the deployment being tried now, or null before the first attempt
     */
    public Spinner(PrintStream err, Supplier<String> trying) {
        this.err = err;
        this.trying = trying;
    }

    @Override
    public Handle start() {
        AtomicBoolean done = new AtomicBoolean();
        Object lock = new Object();
        long start = System.nanoTime();
        Thread t = new Thread(() -> {
            for (int frame = 0; !done.get(); frame++) {
                synchronized (lock) {
                    if (done.get()) {
                        return;
                    }
                    err.print(ERASE_LINE + line(frame, Duration.ofNanos(System.nanoTime() - start)));
                    err.flush();
                }
                try {
                    Thread.sleep(FRAME_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "llmrouter-spinner");
        t.setDaemon(true);
        t.start();
        return () -> {
            synchronized (lock) {
                if (done.compareAndSet(false, true)) {
                    err.print(ERASE_LINE);
                    err.flush();
                }
            }
        };
    }

    /** One frame: the spinner character, what is being tried, and the time waited. */
    String line(int frame, Duration waited) {
        String deployment = trying.get();
        return FRAMES.charAt(frame % FRAMES.length()) + " " + (deployment == null ? "routing" : deployment)
                + String.format(Locale.ROOT, "  %.1f s", waited.toMillis() / 1000.0);
    }
}
