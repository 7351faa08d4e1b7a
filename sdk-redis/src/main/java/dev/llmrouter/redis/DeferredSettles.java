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
import redis.clients.jedis.exceptions.JedisConnectionException;
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
 * another thread's pipeline carries them, the thread waits for that pipeline first; a thread's
 * settle put back after a failed send, or beyond the first {@link #CARRY} of a long queue, may be
 * overtaken). Never lost silently, never applied twice: a pipeline that fails for want of Redis
 * (down, slower than the command timeout, a Cluster node lost, LOADING) puts its settles back at the
 * head of the queue and wakes the background thread, which sends them again after a backoff (10 ms
 * doubling to 1 s) until Redis takes them, unless a command carries them first. A pipeline that timed
 * out may still run when Redis resumes: the settle script is idempotent on the attempt id (a settle
 * already applied finds no attempt record and changes nothing), so sending it again is safe. Logged
 * with a WARN and dropped: a settle older than the attempt record's life (Redis has expired the
 * lease and record by then), one Redis refuses (a key of the wrong type), and what is left unsent
 * on close. The same queue carries the forgets of admits that failed (see
 * {@code RedisAdmissionControl}) and the settles Redis could not take during an outage; those wait
 * for the backoff, not the linger. The queue is bounded: when it is full, {@link #defer} says no and
 * the caller settles synchronously. Thread-safe.
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
    private static final long MIN_BACKOFF = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_BACKOFF = TimeUnit.SECONDS.toNanos(1);

    /** One script call. */
    record Command(RedisScripts.Script script, List<String> keys, List<String> args) {
    }

    /**
     * A queued settle: its commands (two on Cluster with a group limit), when queued, the batch that
     * sent it, and whether a send of it already failed (then it waits for the backoff, not the linger).
     */
    static final class Deferred {
        final Admission admission;
        final List<Command> commands;
        final long queuedAt;
        volatile CompletableFuture<Void> sending;
        /** Guarded by the queue's lock. */
        boolean retry;

        Deferred(Admission admission, List<Command> commands, long queuedAt) {
            this.admission = admission;
            this.commands = commands;
            this.queuedAt = queuedAt;
        }
    }

    private final UnifiedJedis jedis;
    private final long maxAgeNanos;
    private final long linger;
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
    /** Set once close() has flushed (guarded by the lock): what is put back later is never sent. */
    private boolean closedAndFlushed;
    /** True while the background thread waits for a first settle (guarded by the lock): only then is it woken. */
    private boolean idle;
    /** The background thread's next send not before this (guarded by the lock): set after a failed send. */
    private long notBefore;
    /** The current pause after failed sends (written under the lock); zero once a send went through. */
    private volatile long backoff;

    /**
     * @param jedis the client
     * @param maxAgeNanos how long an attempt record lives in Redis: a settle older is dropped, not retried
     */
    DeferredSettles(UnifiedJedis jedis, long maxAgeNanos) {
        this(jedis, maxAgeNanos, LINGER);
    }

    /** As above, with how long a queued settle waits for a command to carry it (tests make it long). */
    DeferredSettles(UnifiedJedis jedis, long maxAgeNanos, long lingerNanos) {
        this.jedis = jedis;
        this.maxAgeNanos = maxAgeNanos;
        this.linger = lingerNanos;
        this.notBefore = System.nanoTime(); // a nanoTime, compared by difference: zero may lie in its future
    }

    /** Queues a settle; false when the queue is full or closed (then settle synchronously). */
    boolean defer(Admission admission, List<Command> commands) {
        return defer(admission, commands, false);
    }

    /**
     * Queues a settle (or a forget) that Redis just failed to take: it is sent when the backoff
     * allows, not after the linger, since no command is likely to carry it soon. False when the
     * queue is full or closed.
     */
    boolean deferAfterFailure(Admission admission, List<Command> commands) {
        return defer(admission, commands, true);
    }

    private boolean defer(Admission admission, List<Command> commands, boolean failed) {
        Deferred d = new Deferred(admission, commands, System.nanoTime());
        lock.lock();
        try {
            if (closed || queue.size() >= CAPACITY) {
                return false;
            }
            d.retry = failed;
            settled.add(admission);
            queue.addLast(d);
            if (!startDrainer() && idle) {
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

    /**
     * Sends every settle queued now, in batches, once each: a failure to reach Redis leaves them
     * queued (and is thrown); one Redis refuses for a while (LOADING, BUSY) stays queued.
     */
    void flush() {
        int left = queued();
        List<Deferred> batch;
        while (left > 0 && !(batch = take(Math.min(BATCH, left), 0)).isEmpty()) {
            left -= batch.size();
            send(batch, null);
        }
    }

    /** Starts the background thread when there is none alive (under the lock); true when it was started. */
    private boolean startDrainer() {
        if (closed || drainer != null && drainer.isAlive()) {
            return false;
        }
        drainer = new Thread(this::drain, "llmrouter-redis-settles");
        drainer.setDaemon(true);
        drainer.start();
        return true;
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
        String why = "Redis did not take them";
        try {
            flush();
        } catch (RuntimeException e) {
            why = e.getMessage();
        }
        int left;
        lock.lock();
        try {
            closedAndFlushed = true;
            left = queue.size();
        } finally {
            lock.unlock();
        }
        if (left > 0) {
            LOG.warn("{} settles could not be sent to Redis on close ({}); their leases expire by themselves", left, why);
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
            while (out.size() < max && !queue.isEmpty()
                    && (queue.peekFirst().retry || now - queue.peekFirst().queuedAt >= minAge)) {
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
            sent();
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
                settleCached = false;
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
                reply(r);
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
            return reply(r);
        } catch (JedisNoScriptException missing) {
            return jedis.eval(command.script().text(), command.keys(), command.args());
        }
    }

    /**
     * A pipelined reply. A Cluster pipeline that lost a node drops that node's commands and their
     * replies say {@link IllegalStateException}: the command did not get through, as with a broken
     * connection, so it is reported as one (a settle is then sent again, a command's caller falls back).
     */
    private static Object reply(Response<Object> r) {
        try {
            return r.get();
        } catch (IllegalStateException noReply) {
            throw new JedisConnectionException("no reply from Redis: " + noReply.getMessage(), noReply);
        }
    }

    /**
     * Back at the head, in their order, to be sent again (settling twice changes nothing) by the
     * background thread after a backoff, or by the next command; too old ones dropped. The background
     * thread is woken: it may be waiting for a first settle, having seen the queue empty while a
     * caller's command was carrying these, and would otherwise never send them.
     */
    private void putBack(List<Deferred> batch) {
        long now = System.nanoTime();
        lock.lock();
        try {
            for (int i = batch.size() - 1; i >= 0; i--) {
                Deferred d = batch.get(i);
                d.sending = null;
                if (now - d.queuedAt > maxAgeNanos) {
                    LOG.warn("a deferred settle of {} is dropped: Redis was away longer than its lease lives",
                            d.admission.request().deploymentId());
                    continue;
                }
                d.retry = true;
                queue.addFirst(d);
            }
            backoff = Math.min(MAX_BACKOFF, Math.max(MIN_BACKOFF, backoff * 2));
            notBefore = Math.max(notBefore, now + backoff);
            if (closedAndFlushed) {
                // a caller's command was still carrying these when close() flushed the rest
                LOG.warn("{} settles could not be sent to Redis on close ({}); their leases expire by themselves",
                        batch.size(), "a send still under way at close failed");
            } else if (!closed) {
                startDrainer();
                queued.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A send went through: the background thread's backoff starts over. */
    private void sent() {
        if (backoff == 0) {
            return; // the usual case: no lock taken
        }
        lock.lock();
        try {
            backoff = 0;
            notBefore = System.nanoTime(); // Redis is back: what is queued need not wait out the backoff
            queued.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The background thread: sends what no command carried within the linger, and what a failed send
     * put back once its backoff is over; it keeps going whatever a send throws, and ends on close.
     */
    private void drain() {
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
                Deferred head = queue.peekFirst();
                long wait = Math.max(notBefore - now, head.retry ? 0 : head.queuedAt + linger - now);
                if (wait > 0) {
                    try {
                        queued.awaitNanos(wait);
                    } catch (InterruptedException e) {
                        // nobody but close() should stop this thread, and close() says so through the flag
                        Thread.interrupted();
                    }
                    continue;
                }
            } finally {
                lock.unlock();
            }
            List<Deferred> batch = take(BATCH, linger);
            if (batch.isEmpty()) {
                continue;
            }
            try {
                send(batch, null);
            } catch (RuntimeException e) {
                // send put the batch back and set the backoff
                LOG.debug("deferred settles not sent, retrying in {} ms: {}", TimeUnit.NANOSECONDS.toMillis(backoff),
                        e.getMessage());
            }
        }
    }
}
