package dev.llmrouter.internal.http;

import java.util.concurrent.atomic.AtomicReferenceArray;
import tools.jackson.core.util.BufferRecycler;
import tools.jackson.core.util.RecyclerPool;

/**
 * The pool of Jackson's buffer recyclers behind {@link Json#MAPPER}: every parser and generator the
 * router makes (one of each per chat) takes its buffers from here and gives them back when closed.
 * Jackson's default pool is one concurrent deque shared by every thread: each release allocates a
 * node, and with several request threads acquire and release contend on the same head. This one is
 * a small array of slots: a thread starts at the slot its identity hash picks and tries two, taking
 * with one atomic swap and giving back with one compare-and-set; when both slots are empty it makes
 * a new recycler, when both are full the returned one is left to the garbage collector. So it
 * allocates nothing in the steady state, never blocks, works the same for virtual threads (unlike a
 * thread-local pool, which would keep one recycler per virtual thread), and holds at most
 * {@value #SLOTS} recyclers (a few tens of KB each once warmed).
 *
 * <p>Thread-safe and lock-free.
 */
final class StripedRecyclerPool implements RecyclerPool<BufferRecycler> {
    private static final long serialVersionUID = 1L;

    /** Slots: a power of two, a few per core on the machines this runs on. */
    static final int SLOTS = 16;
    private static final int MASK = SLOTS - 1;

    /** The one pool of {@link Json#MAPPER}. */
    static final StripedRecyclerPool INSTANCE = new StripedRecyclerPool();

    private final transient AtomicReferenceArray<BufferRecycler> slots = new AtomicReferenceArray<>(SLOTS);

    private StripedRecyclerPool() {
    }

    private static int home() {
        int h = System.identityHashCode(Thread.currentThread());
        return (h ^ (h >>> 16)) & MASK;
    }

    @Override
    public BufferRecycler acquirePooled() {
        int i = home();
        BufferRecycler r = slots.getAndSet(i, null);
        if (r == null) {
            r = slots.getAndSet((i + 1) & MASK, null);
        }
        return r != null ? r : new BufferRecycler();
    }

    @Override
    public void releasePooled(BufferRecycler recycler) {
        int i = home();
        if (!slots.compareAndSet(i, null, recycler)) {
            slots.compareAndSet((i + 1) & MASK, null, recycler);
        }
    }

    @Override
    public int pooledCount() {
        int n = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean clear() {
        for (int i = 0; i < SLOTS; i++) {
            slots.set(i, null);
        }
        return true;
    }

    /** One pool per JVM: deserialising gives back the same one. */
    private Object readResolve() {
        return INSTANCE;
    }
}
