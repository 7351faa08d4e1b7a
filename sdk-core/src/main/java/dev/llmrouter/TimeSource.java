package dev.llmrouter;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The router's clock: a monotonic nanosecond counter for deadlines and windows, wall time for
 * reporting, and a sleep that tests can make instant. Inject {@link ManualTimeSource} in tests to
 * drive circuits, windows and backoff without waiting.
 *
 * <p>Implementations must be thread-safe.
 */
public interface TimeSource {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences are meaningful. */
    long nanoTime();

    /** The wall-clock time now. */
    Instant now();

    /** Waits for {@code nanos} nanoseconds (the manual source advances its clock instead). */
    void sleep(long nanos) throws InterruptedException;

    /** The system clock. */
    static TimeSource system() {
        return SystemTimeSource.INSTANCE;
    }

    /** The system clock: {@link System#nanoTime()}, {@link Instant#now()}, {@link TimeUnit#sleep}. */
    final class SystemTimeSource implements TimeSource {
        static final SystemTimeSource INSTANCE = new SystemTimeSource();

        private SystemTimeSource() {
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            if (nanos > 0) {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        }
    }
}
