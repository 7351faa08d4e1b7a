package dev.llmrouter.internal.state;

import dev.llmrouter.spi.state.LimitScope;
import dev.llmrouter.spi.state.RateReservation;
import static org.assertj.core.api.Assertions.assertThat;

import dev.llmrouter.ManualTimeSource;
import dev.llmrouter.config.RateLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random arrival sequences against a brute-force oracle (an exact log of every admitted request and
 * its current token amount, mirroring reconciliations and cancellations).
 *
 * <p>What holds, for every seed and every bucket count B (bucket width w = W / B):
 * <ul>
 *   <li>never over-admits: every grant at time t fits the exact window (t - W, t];</li>
 *   <li>bounded under-admission: every denial is also a denial of the exact window of length W + w,
 *       and a request the exact window would have admitted is denied for less than w;</li>
 *   <li>the denial's retryAfter is exact for the store: one nanosecond earlier it still denies, at
 *       retryAfter it admits;</li>
 *   <li>afterwards, every window of length W that starts or ends at an admitted timestamp holds at
 *       most rpm requests and at most tpm tokens, counting each request's tokens as
 *       min(reserved, actual) (an under-estimate charged after the fact is the provider's real use,
 *       which no limiter can refuse; it is charged, and later admissions see it).</li>
 * </ul>
 */
@Tag("unit")
class RateLimitPropertyTest {
    private static final long W = Duration.ofSeconds(60).toNanos();
    private static final int[] BUCKETS = {1, 4, 60, 240};
    private static final int SEEDS = 400;
    private static final int STEPS = 1500;

    @Test
    void neverOverAdmitsAndUnderAdmitsLessThanOneBucket() {
        long[] grants = new long[BUCKETS.length];
        long[] falseDenials = new long[BUCKETS.length];
        for (int seed = 0; seed < SEEDS; seed++) {
            int b = seed % BUCKETS.length;
            Run run = new Run(seed, BUCKETS[b]);
            run.play();
            run.checkEveryWindowAfterwards();
            grants[b] += run.grants;
            falseDenials[b] += run.falseDenials;
        }
        for (int b = 0; b < BUCKETS.length; b++) {
            assertThat(grants[b]).as("the sequences exercise the limiter").isGreaterThan(SEEDS * 50L);
            // the hard bound (such a denial lasts less than one bucket width) is asserted per denial;
            // this only reports how often it happens
            System.out.printf("rate-limit property, %d buckets: %d grants, %d denials an exact log would have"
                    + " admitted (%.2f%%)%n", BUCKETS[b], grants[b], falseDenials[b],
                    100.0 * falseDenials[b] / (grants[b] + falseDenials[b]));
        }
    }

    /** One admitted request as the oracle sees it. */
    private static final class Entry {
        final long at;
        final long bucket;
        final long reserved;
        final RateReservation reservation;
        long requests = 1;
        long amount;

        Entry(long at, long bucket, RateReservation reservation) {
            this.at = at;
            this.bucket = bucket;
            this.reserved = reservation.tokens();
            this.amount = reserved;
            this.reservation = reservation;
        }
    }

    private static final class Run {
        final int seed;
        final Random rnd;
        final int buckets;
        final long w;
        final Integer rpm;
        final Integer tpm;
        final RateLimit limit;
        final ManualTimeSource clock = new ManualTimeSource();
        final LocalRateLimitStore store;
        final List<Entry> log = new ArrayList<>();
        final List<Entry> pending = new ArrayList<>();
        long grants;
        long falseDenials;

        Run(int seed, int buckets) {
            this.seed = seed;
            this.rnd = new Random(seed);
            this.buckets = buckets;
            this.w = W / buckets;
            int kind = rnd.nextInt(4);
            this.rpm = kind == 1 ? null : 1 + rnd.nextInt(30);
            this.tpm = kind == 2 ? null : 50 + rnd.nextInt(5000);
            this.limit = new RateLimit(rpm, tpm);
            this.store = new LocalRateLimitStore(clock, Duration.ofNanos(W), buckets);
            clock.advance(Duration.ofNanos(Math.floorMod(rnd.nextLong(), W * 10))); // windows start anywhere
        }

        void play() {
            for (int step = 0; step < STEPS; step++) {
                clock.advance(Duration.ofNanos(gap()));
                int action = rnd.nextInt(100);
                if (action < 70 || pending.isEmpty()) {
                    long tokens = tokens();
                    RateReservation r = reserve(tokens);
                    if (!r.granted() && rnd.nextInt(3) == 0) {
                        followTheHint(r.retryAfterNanos(), tokens);
                    }
                } else if (action < 93) {
                    reconcile(pending.remove(rnd.nextInt(pending.size())));
                } else {
                    cancel(pending.remove(rnd.nextInt(pending.size())));
                }
            }
        }

        long gap() {
            int g = rnd.nextInt(100);
            if (g < 40) {
                return 0;                                    // bursts
            } else if (g < 70) {
                return (long) (rnd.nextDouble() * 2e9);      // under two seconds
            } else if (g < 92) {
                return (long) (rnd.nextDouble() * 20e9);     // up to twenty seconds
            }
            return (long) (rnd.nextDouble() * 90e9);         // gaps longer than the window
        }

        long tokens() {
            int cap = tpm == null ? 3000 : tpm;
            int t = rnd.nextInt(100);
            if (t < 80) {
                return rnd.nextInt(cap / 3 + 1);
            } else if (t < 95) {
                return rnd.nextInt(cap + 1);
            }
            return cap + rnd.nextInt(cap);                   // more than the whole tpm
        }

        RateReservation reserve(long tokens) {
            long now = clock.nanoTime();
            long amount = tpm == null ? tokens : Math.min(tokens, tpm);
            boolean exactFits = fits(now, W, amount);
            RateReservation r = store.tryReserve(LimitScope.DEPLOYMENT, "k", limit, tokens);
            if (r.granted()) {
                check(exactFits, "over-admission", now, tokens);
                check(r.tokens() == amount, "reserved " + r.tokens() + " tokens", now, tokens);
                Entry e = new Entry(now, Math.floorDiv(now, w), r);
                check(r.slot() == e.bucket, "slot " + r.slot() + " is not the bucket of its time", now, tokens);
                log.add(e);
                pending.add(e);
                grants++;
                return r;
            }
            check(!fits(now, W + w, amount), "denied beyond the W + w bound", now, tokens);
            if (r.denial() == RateReservation.Limit.RPM) {
                check(rpm != null && sum(now, W + w, true) + 1 > rpm, "rpm denial with room", now, tokens);
            } else {
                check(tpm != null && sum(now, W + w, false) + amount > tpm, "tpm denial with room", now, tokens);
            }
            check(r.retryAfterNanos() > 0 && r.retryAfterNanos() <= W, "retryAfter " + r.retryAfterNanos(), now, tokens);
            if (exactFits) {
                falseDenials++;
                check(r.retryAfterNanos() < w, "false denial of " + r.retryAfterNanos() + "ns", now, tokens);
            }
            return r;
        }

        void check(boolean ok, String what, long now, long tokens) {
            if (!ok) {
                throw new AssertionError(what + " at seed " + seed + ", buckets " + buckets + ", rpm " + rpm
                        + ", tpm " + tpm + ", t=" + now + "ns, tokens " + tokens);
            }
        }

        /** Nothing changes meanwhile, so one nanosecond before retryAfter it still denies, at retryAfter it admits. */
        void followTheHint(long wait, long tokens) {
            if (wait > 1) {
                clock.advance(Duration.ofNanos(wait - 1));
                check(!reserve(tokens).granted(), "admitted before retryAfter", clock.nanoTime(), tokens);
                clock.advance(Duration.ofNanos(1));
            } else {
                clock.advance(Duration.ofNanos(wait));
            }
            check(reserve(tokens).granted(), "not admitted at retryAfter", clock.nanoTime(), tokens);
        }

        void reconcile(Entry e) {
            int k = rnd.nextInt(100);
            long actual;
            if (k < 40) {
                actual = (long) (rnd.nextDouble() * (e.reserved + 1));
            } else if (k < 70) {
                actual = e.reserved;
            } else if (k < 90) {
                actual = e.reserved + rnd.nextInt((tpm == null ? 3000 : tpm) / 4 + 1);
            } else {
                actual = -1;
            }
            store.reconcile(e.reservation, actual);
            if (actual >= 0 && slotHeld(e)) {
                e.amount = actual;
            }
        }

        void cancel(Entry e) {
            store.cancel(e.reservation);
            if (slotHeld(e)) {
                e.requests = 0;
                e.amount = 0;
            }
        }

        boolean slotHeld(Entry e) {
            return Math.floorDiv(clock.nanoTime(), w) - buckets <= e.bucket;
        }

        boolean fits(long now, long window, long amount) {
            boolean rpmOk = rpm == null || sum(now, window, true) + 1 <= rpm;
            boolean tpmOk = tpm == null || sum(now, window, false) + amount <= tpm;
            return rpmOk && tpmOk;
        }

        /** Requests (or tokens) of the entries in (now - window, now]. */
        long sum(long now, long window, boolean requests) {
            long s = 0;
            for (int i = log.size() - 1; i >= 0 && log.get(i).at > now - window; i--) {
                Entry e = log.get(i);
                s += requests ? e.requests : e.amount;
            }
            return s;
        }

        /** The log is in time order: two pointers give each window's sums in one pass. */
        void checkEveryWindowAfterwards() {
            int n = log.size();
            long requests = 0;
            long tokens = 0;
            int end = 0;
            for (int start = 0; start < n; start++) {
                // [s, s + W) for each admitted s; windows ending at an admitted s are the same sets
                long s = log.get(start).at;
                while (end < n && log.get(end).at < s + W) {
                    requests += log.get(end).requests;
                    tokens += counted(log.get(end));
                    end++;
                }
                checkWindow(requests, tokens, "[" + s + ", " + (s + W) + ")");
                requests -= log.get(start).requests;
                tokens -= counted(log.get(start));
            }
            for (int i = 0; i < n; i++) {
                checkWindowEndingAt(i);
            }
        }

        static long counted(Entry e) {
            return Math.min(e.amount, e.reserved);
        }

        /** The window (s - W, s] for the admitted timestamp s of entry {@code i} (the log is in time order). */
        void checkWindowEndingAt(int i) {
            long s = log.get(i).at;
            long requests = 0;
            long tokens = 0;
            for (int j = i; j >= 0 && log.get(j).at > s - W; j--) {
                requests += log.get(j).requests;
                tokens += counted(log.get(j));
            }
            for (int j = i + 1; j < log.size() && log.get(j).at == s; j++) {
                requests += log.get(j).requests;
                tokens += counted(log.get(j));
            }
            checkWindow(requests, tokens, "(" + (s - W) + ", " + s + "]");
        }

        void checkWindow(long requests, long tokens, String window) {
            if ((rpm != null && requests > rpm) || (tpm != null && tokens > tpm)) {
                throw new AssertionError("window " + window + " holds " + requests + " requests and " + tokens
                        + " tokens; limits rpm " + rpm + ", tpm " + tpm + "; seed " + seed + ", buckets " + buckets);
            }
        }
    }
}
