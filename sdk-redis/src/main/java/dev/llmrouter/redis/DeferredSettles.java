package dev.llmrouter.redis;

import dev.llmrouter.spi.state.Admission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * Settles kept off the caller's path. A settle that cannot change a circuit (not a probe, a result
 * the circuit does not count) is queued here; the next command this JVM sends to Redis (an admit, a
 * synchronous settle, a read) carries the queued settles in front of it in one pipeline, so on a busy
 * router a settle costs no round trip of its own. A background thread sends what nobody carried
 * within {@link #LINGER} (an idle router), and everything left on {@link #close()}.
 *
 * <p>Ordering: queued settles are sent in the order they were queued and always before the command
 * that carries them, so a thread's own earlier settles reach Redis before its next command (when
 * another thread's pipeline carries them, the thread waits for that pipeline first). Never lost,
 * never applied twice: a pipeline that fails for want of Redis puts its settles back at the head of
 * the queue to be sent again (the settle script is idempotent on the attempt id: a settle already
 * applied finds no attempt record and changes nothing); a settle older than the attempt record's
 * life is dropped, since Redis has expired the lease and record by then. A settle Redis refuses
 * (a key of the wrong type) is logged and dropped. The queue is bounded: when it is full,
 * {@link #defer} says no and the caller settles synchronously. Thread-safe.
 */
final class DeferredSettles implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeferredSettles.class);
    /** How long a queued settle waits for a command to carry it before the background thread sends it. */
    static final long LINGER = TimeUnit.MILLISECONDS.toNanos(1);
    /** Queued settles at most; beyond, settles run synchronously. */
    static final int CAPACITY = 4096;
    /** Settles carried by one caller's command at most (the rest wait for the next or the background). */
    static final int CARRY = 64;
    private static final int BATCH = 256;
    private static final long MAX_BACKOFF = TimeUnit.SECONDS.toNanos(1);

    /** One script call. */
    record Command(RedisScripts.Script script, List<String> keys, List<String> args) {
    }

    /** A queued settle: its commands (two on Cluster with a group limit), when queued, and the batch that sent it. */
    static final class Deferred {
        final Admission admission;
        final List<Command> commands;
        final long queuedAt;
        volatile CompletableFuture<Void> sending;

        Deferred(Admission admission, List<Command> commands, long queuedAt) {
            this.admission = admission;
            this.commands = commands;
            this.queuedAt = queuedAt;
        }
    }

    private final UnifiedJedis jedis;
    private final long maxAgeNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final ArrayDeque<Deferred> queue = new ArrayDeque<>();
    /** Every admission settled through this queue while the caller still holds it: a later settle of one does nothing. */
    private final Set<Admission> settled = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final ThreadLocal<Deferred> lastOfThread = new ThreadLocal<>();
    /**
     * True once a settle ran on this Redis since the last connection failure (a restart or a failover
     * empties the script cache, and breaks the connections first): only then do settles travel in
     * front of a command in one pipeline. Before, they are sent just ahead of it, so a NOSCRIPT
     * answered to one cannot leave it behind the command.
     */
    private volatile boolean settleCached;
    private Thread drainer;
    private boolean closed;
    /** True while the background thread waits for a first settle (guarded by the lock): only then is it woken. */
    private boolean idle;

    /**
     * @param jedis the client
     * @param maxAgeNanos how long an attempt record lives in Redis: a settle older is dropped, not retried
     */
    DeferredSettles(UnifiedJedis jedis, long maxAgeNanos) {
        this.jedis = jedis;
        this.maxAgeNanos = maxAgeNanos;
    }

    /** Queues a settle; false when the queue is full or closed (then settle synchronously). */
    boolean defer(Admission admission, List<Command> commands) {
        Deferred d = new Deferred(admission, commands, System.nanoTime());
        lock.lock();
        try {
            if (closed || queue.size() >= CAPACITY) {
                return false;
            }
            settled.add(admission);
            queue.addLast(d);
            if (drainer == null) {
                drainer = new Thread(this::drain, "llmrouter-redis-settles");
                drainer.setDaemon(true);
                drainer.start();
            } else if (idle) {
                queued.signal();
            }
        } finally {
            lock.unlock();
        }
        lastOfThread.set(d);
        return true;
    }

    /** True when {@code admission}'s settle was deferred here (queued, sent or dropped): a second settle must do nothing. */
    boolean deferred(Admission admission) {
        return settled.contains(admission);
    }

    /** Settles queued now (not yet sent). */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code command} with up to {@link #CARRY} queued settles in front of it in one pipeline and
     * returns its reply (EVALSHA; EVAL of the whole text when Redis answers NOSCRIPT). The client's
     * failure of the command itself is thrown as is; the carried settles' own failures are logged.
     */
    Object run(Command command) {
        awaitOwnSettle();
        List<Deferred> carried = take(CARRY, 0);
        try {
            if (carried.isEmpty()) {
                return RedisScripts.run(jedis, command.script(), command.keys(), command.args());
            }
            if (!settleCached) {
                // a settle meeting NOSCRIPT in the pipeline would run after the command: send them first
                send(carried, null);
                return RedisScripts.run(jedis, command.script(), command.keys(), command.args());
            }
            return send(carried, command);
        } catch (RuntimeException e) {
            if (RedisStateException.of("", e).unreachable()) {
                settleCached = false;
            }
            throw e;
        }
    }

    /** Sends every queued settle now, in batches; a failure to reach Redis leaves them queued. */
    void flush() {
        List<Deferred> batch;
        while (!(batch = take(BATCH, 0)).isEmpty()) {
            send(batch, null);
        }
    }

    /** Stops the background thread and sends what is queued (best effort: Redis may be away). */
    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            closed = true;
            t = drainer;
            queued.signal();
        } finally {
            lock.unlock();
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("{} settles could not be sent to Redis on close ({}); their leases expire by themselves",
                    queued(), e.getMessage());
        }
    }

    /** A thread's next command must not overtake its own earlier settle that another thread is sending. */
    private void awaitOwnSettle() {
        Deferred mine = lastOfThread.get();
        if (mine == null) {
            return;
        }
        CompletableFuture<Void> sending = mine.sending;
        if (sending != null) {
            sending.join();
            lastOfThread.remove();
        }
    }

    /** Takes up to {@code max} settles from the head, only ones queued at least {@code minAge} ago. */
    private List<Deferred> take(int max, long minAge) {
        lock.lock();
        try {
            if (queue.isEmpty()) {
                return List.of();
            }
            long now = System.nanoTime();
            List<Deferred> out = new ArrayList<>(Math.min(max, queue.size()));
            CompletableFuture<Void> sending = new CompletableFuture<>();
            while (out.size() < max && !queue.isEmpty() && now - queue.peekFirst().queuedAt >= minAge) {
                Deferred d = queue.pollFirst();
                d.sending = sending;
                out.add(d);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    private Object send(List<Deferred> carried, Command command) {
        CompletableFuture<Void> done = carried.get(0).sending;
        try {
            List<Response<Object>> settles = new ArrayList<>();
            Response<Object> reply = null;
            try (AbstractPipeline p = jedis.pipelined()) {
                for (Deferred d : carried) {
                    for (Command c : d.commands) {
                        settles.add(p.evalsha(c.script().sha(), c.keys(), c.args()));
                    }
                }
                if (command != null) {
                    reply = p.evalsha(command.script().sha(), command.keys(), command.args());
                }
                p.sync();
            } catch (RuntimeException unreachable) {
                settleCached = false;
                putBack(carried);
                throw unreachable;
            }
            int i = 0;
            List<Deferred> again = new ArrayList<>();
            boolean reloaded = false;
            for (Deferred d : carried) {
                boolean retry = false;
                for (Command c : d.commands) {
                    Outcome o = settled(d, c, settles.get(i++));
                    retry |= o == Outcome.RETRY;
                    reloaded |= o == Outcome.RELOADED;
                }
                if (retry) {
                    again.add(d);
                }
            }
            if (again.isEmpty()) {
                settleCached = true;
            } else {
                putBack(again);
            }
            if (command == null) {
                return null;
            }
            // a settle that met NOSCRIPT ran after the command: run the command again after it (every
            // script is idempotent on the attempt id, or only reads) so the command sees the settle
            return reloaded ? RedisScripts.run(jedis, command.script(), command.keys(), command.args())
                    : replyOf(command, reply);
        } finally {
            done.complete(null);
        }
    }

    private enum Outcome { DONE, RELOADED, RETRY }

    /** How one carried settle went: done (or refused, logged), run again by EVAL after NOSCRIPT, or not sent. */
    private Outcome settled(Deferred d, Command c, Response<Object> r) {
        try {
            try {
                r.get();
                return Outcome.DONE;
            } catch (JedisNoScriptException missing) {
                jedis.eval(c.script().text(), c.keys(), c.args());
                return Outcome.RELOADED;
            }
        } catch (RuntimeException e) {
            RedisStateException failure = RedisStateException.of("EVALSHA of the " + c.script().name() + " script", e);
            if (failure.unreachable()) {
                return Outcome.RETRY;
            }
            LOG.warn("Redis refused a deferred settle of {}: {}", d.admission.request().deploymentId(), failure.getMessage());
            return Outcome.DONE;
        }
    }

    private Object replyOf(Command command, Response<Object> r) {
        try {
            return r.get();
        } catch (JedisNoScriptException missing) {
            return jedis.eval(command.script().text(), command.keys(), command.args());
        }
    }

    /** Back at the head, in their order, to be sent again (settling twice changes nothing); too old ones dropped. */
    private void putBack(List<Deferred> batch) {
        long now = System.nanoTime();
        lock.lock();
        try {
            for (int i = batch.size() - 1; i >= 0; i--) {
                Deferred d = batch.get(i);
                if (now - d.queuedAt > maxAgeNanos) {
                    LOG.warn("a deferred settle of {} is dropped: Redis was away longer than its lease lives",
                            d.admission.request().deploymentId());
                    continue;
                }
                d.sending = null;
                queue.addFirst(d);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The background thread: sends what no command carried within {@link #LINGER}; backs off while Redis is away. */
    private void drain() {
        long backoff = 0;
        long notBefore = System.nanoTime();
        while (true) {
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    idle = true;
                    queued.awaitUninterruptibly();
                    idle = false;
                }
                if (closed) {
                    return;
                }
                long now = System.nanoTime();
                long wait = Math.max(notBefore - now, queue.peekFirst().queuedAt + LINGER - now);
                if (wait > 0) {
                    queued.awaitNanos(wait);
                    continue;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            List<Deferred> batch = take(BATCH, LINGER);
            if (batch.isEmpty()) {
                continue;
            }
            try {
                send(batch, null);
                backoff = 0;
            } catch (RuntimeException e) {
                backoff = Math.min(MAX_BACKOFF, Math.max(TimeUnit.MILLISECONDS.toNanos(10), backoff * 2));
                notBefore = System.nanoTime() + backoff;
                LOG.debug("deferred settles not sent, retrying in {} ms: {}", TimeUnit.NANOSECONDS.toMillis(backoff),
                        e.getMessage());
            }
        }
    }
}
