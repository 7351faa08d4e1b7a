package dev.llmrouter.internal.routing;

import java.util.random.RandomGenerator;

/**
 * A weighted random draw over some positions of a group (all of them, or one {@code order} tier),
 * with cumulative weights computed once: a draw is a binary search, O(log n). Weights of zero or
 * less count as zero; when every weight is zero the draw is uniform. Excluded positions are drawn
 * around by drawing again, which keeps the weights' proportions among the rest; after
 * {@value #REDRAWS} excluded draws in a row one pass over the positions finishes the choice, so a
 * mostly excluded group costs O(n) at worst. Immutable and thread-safe.
 */
final class WeightedDraw {
    private static final int REDRAWS = 4;

    private final int[] positions;
    private final long[] cumulative;
    private final long total;

    /** A draw over {@code positions}, whose weights are {@code weights} (same order). */
    WeightedDraw(int[] positions, int[] weights) {
        this.positions = positions.clone();
        this.cumulative = new long[positions.length];
        long sum = 0;
        for (int k = 0; k < positions.length; k++) {
            sum += Math.max(0, weights[k]);
            cumulative[k] = sum;
        }
        this.total = sum;
    }

    /** The positions drawn over, in order. */
    int size() {
        return positions.length;
    }

    /** A position not in {@code excluded}, drawn by weight; -1 when every position is excluded. */
    int pick(RandomGenerator random, Exclusions excluded) {
        int n = positions.length;
        if (n == 0) {
            return -1;
        }
        for (int tries = 0; tries < REDRAWS; tries++) {
            int k = total == 0 ? random.nextInt(n) : search(random.nextLong(total));
            if (!excluded.contains(positions[k])) {
                return positions[k];
            }
            if (excluded.all()) {
                return -1;
            }
        }
        return pickAmongRest(random, excluded);
    }

    /** The first index whose cumulative weight exceeds {@code r}. */
    private int search(long r) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > r) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private long weight(int k) {
        return k == 0 ? cumulative[0] : cumulative[k] - cumulative[k - 1];
    }

    /** One pass: weighted among the positions left, uniform when their weights are all zero. */
    private int pickAmongRest(RandomGenerator random, Exclusions excluded) {
        long rest = 0;
        int left = 0;
        for (int k = 0; k < positions.length; k++) {
            if (!excluded.contains(positions[k])) {
                rest += weight(k);
                left++;
            }
        }
        if (left == 0) {
            return -1;
        }
        long r = rest == 0 ? random.nextInt(left) : random.nextLong(rest);
        for (int k = 0; k < positions.length; k++) {
            if (!excluded.contains(positions[k])) {
                r -= rest == 0 ? 1 : weight(k);
                if (r < 0) {
                    return positions[k];
                }
            }
        }
        return -1; // unreachable: r < rest
    }
}
