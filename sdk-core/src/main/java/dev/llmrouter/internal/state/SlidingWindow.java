package dev.llmrouter.internal.state;

/**
 * A conservative sliding window over requests and tokens, for one rate-limit key.
 *
 * <p>Time is cut into {@code buckets} sub-buckets of width {@code w = window / buckets}; a ring of
 * {@code buckets + 1} slots holds the buckets that can still overlap the window ending now. Every
 * bucket but the oldest lies wholly inside that window, so it counts whole. The oldest (partial)
 * bucket also counts whole, unless its latest entry has already left the window. So the amounts
 * counted at time {@code t} include every entry of {@code (t - window, t]} (never over-admits) and
 * only entries of {@code (t - window - w, t]} (each entry's room comes back less than one bucket
 * width after an exact log would give it back). A burst in one bucket, such as 5 requests at once,
 * comes back exactly {@code window} after the burst.
 *
 * <p>Memory: three arrays of {@code buckets + 1}. Cost: O(1) amortised per call; a denial walks the
 * ring once (O(buckets)) to find when enough room comes back.
 *
 * <p>Not thread-safe: the owner guards each instance with its own lock. Times must come from one
 * monotonic clock; a time older than one already seen is treated as that one.
 */
public final class SlidingWindow {
    private final long windowNanos;
    private final long bucketNanos;
    private final int buckets;
    private final long[] requests;
    private final long[] tokens;
    private final long[] lastAt;
    private long head = Long.MIN_VALUE;
    private long latest = Long.MIN_VALUE;
    private long totalRequests;
    private long totalTokens;

    /**
     * @param windowNanos the window length
     * @param buckets how many sub-buckets the window is cut into (window must divide into them evenly)
     */
    public SlidingWindow(long windowNanos, int buckets) {
        if (windowNanos <= 0 || buckets < 1 || windowNanos % buckets != 0) {
            throw new IllegalArgumentException("window " + windowNanos + "ns must be positive and divide into "
                    + buckets + " buckets");
        }
        this.windowNanos = windowNanos;
        this.bucketNanos = windowNanos / buckets;
        this.buckets = buckets;
        this.requests = new long[buckets + 1];
        this.tokens = new long[buckets + 1];
        this.lastAt = new long[buckets + 1];
        java.util.Arrays.fill(lastAt, Long.MIN_VALUE);
    }

    /** Moves the ring to time {@code now} and returns the (monotonic) time used. */
    public long advance(long now) {
        if (now < latest) {
            now = latest;
        }
        latest = now;
        long k = Math.floorDiv(now, bucketNanos);
        if (head == Long.MIN_VALUE) {
            head = k;
            return now;
        }
        long steps = k - head;
        if (steps <= 0) {
            return now;
        }
        if (steps > buckets) {
            java.util.Arrays.fill(requests, 0);
            java.util.Arrays.fill(tokens, 0);
            java.util.Arrays.fill(lastAt, Long.MIN_VALUE);
            totalRequests = 0;
            totalTokens = 0;
        } else {
            for (long b = head + 1; b <= k; b++) {
                int s = slot(b);
                totalRequests -= requests[s];
                totalTokens -= tokens[s];
                requests[s] = 0;
                tokens[s] = 0;
                lastAt[s] = Long.MIN_VALUE;
            }
        }
        head = k;
        return now;
    }

    /** Requests counted at {@code now} (call {@link #advance} first). */
    public long requests(long now) {
        return totalRequests - (oldestExpired(now) ? requests[slot(head - buckets)] : 0);
    }

    /** Tokens counted at {@code now} (call {@link #advance} first). */
    public long tokens(long now) {
        return totalTokens - (oldestExpired(now) ? tokens[slot(head - buckets)] : 0);
    }

    /**
     * Nanoseconds from {@code now} until one more request fits under {@code limit}: 0 when it fits
     * now, the whole window when it never can (limit of zero).
     */
    public long requestWait(long now, long limit) {
        long counted = requests(now);
        return counted + 1 <= limit ? 0 : waitToFree(now, requests, counted + 1 - limit);
    }

    /** Nanoseconds from {@code now} until {@code amount} more tokens fit under {@code limit}; 0 when they fit now. */
    public long tokenWait(long now, long limit, long amount) {
        long counted = tokens(now);
        return counted + amount <= limit ? 0 : waitToFree(now, tokens, counted + amount - limit);
    }

    /** Records one request and {@code amount} tokens at {@code now}; returns the bucket (slot id) used. */
    public long add(long now, long amount) {
        long b = head;
        int s = slot(b);
        requests[s]++;
        tokens[s] += amount;
        if (now > lastAt[s]) {
            lastAt[s] = now;
        }
        totalRequests++;
        totalTokens += amount;
        return b;
    }

    /**
     * Changes the amounts of bucket {@code bucket} by the given deltas, if that bucket is still in the
     * ring (call {@link #advance} first); amounts never go below zero.
     *
     * @return true when the bucket was still held
     */
    public boolean adjust(long bucket, long requestDelta, long tokenDelta) {
        if (bucket > head || bucket < head - buckets) {
            return false;
        }
        int s = slot(bucket);
        long r = Math.max(0, requests[s] + requestDelta);
        long t = Math.max(0, tokens[s] + tokenDelta);
        totalRequests += r - requests[s];
        totalTokens += t - tokens[s];
        requests[s] = r;
        tokens[s] = t;
        return true;
    }

    /** The bucket width in nanoseconds. */
    public long bucketNanos() {
        return bucketNanos;
    }

    private boolean oldestExpired(long now) {
        return lastAt[slot(head - buckets)] <= now - windowNanos;
    }

    /** Walks from the oldest counted bucket until {@code need} is freed; a bucket frees when its latest entry leaves. */
    private long waitToFree(long now, long[] amounts, long need) {
        long freed = 0;
        for (long b = head - buckets; b <= head; b++) {
            int s = slot(b);
            if (amounts[s] == 0 || lastAt[s] <= now - windowNanos) {
                continue;
            }
            freed += amounts[s];
            if (freed >= need) {
                return lastAt[s] + windowNanos - now;
            }
        }
        return windowNanos;
    }

    private int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) buckets + 1);
    }
}
