package dev.llmrouter.internal.routing;

import java.util.Arrays;

/**
 * The deployments of one group ruled out during one selection, by position in the group: skipped by
 * a pre-call check, denied by admission, or already failed in the request. A few positions live in a
 * small array; past {@value #SMALL} a bit set of the group's size takes over, so a selection whose
 * first choices are admitted allocates the same whatever the group's size. Used by one thread.
 */
final class Exclusions {
    private static final int SMALL = 8;

    private final int size;
    private int[] few = new int[4];
    private long[] bits;
    private int count;

    /** No position excluded in a group of {@code size}. */
    Exclusions(int size) {
        this.size = size;
    }

    /** True when position {@code i} is excluded. */
    boolean contains(int i) {
        if (bits != null) {
            return (bits[i >>> 6] & (1L << i)) != 0;
        }
        for (int k = 0; k < count; k++) {
            if (few[k] == i) {
                return true;
            }
        }
        return false;
    }

    /** Excludes position {@code i} (again: no effect). */
    void add(int i) {
        if (contains(i)) {
            return;
        }
        if (bits != null) {
            bits[i >>> 6] |= 1L << i;
        } else if (count < SMALL) {
            if (count == few.length) {
                few = Arrays.copyOf(few, SMALL);
            }
            few[count] = i;
        } else {
            bits = new long[(size + 63) >>> 6];
            for (int k = 0; k < count; k++) {
                bits[few[k] >>> 6] |= 1L << few[k];
            }
            bits[i >>> 6] |= 1L << i;
        }
        count++;
    }

    /** How many positions are excluded. */
    int count() {
        return count;
    }

    /** True when every position of the group is excluded. */
    boolean all() {
        return count >= size;
    }
}
