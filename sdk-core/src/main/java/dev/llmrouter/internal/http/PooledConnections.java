package dev.llmrouter.internal.http;

import dev.llmrouter.TimeSource;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.Call;
import okhttp3.Connection;
import okhttp3.EventListener;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Keeps a server's short keep-alive from being blamed on the server (issue 15). vLLM (uvicorn) and
 * llama.cpp close an idle HTTP/1 connection after 5 s; OkHttp checks a pooled connection before a
 * POST only after 10 s idle, and its own re-send is off (every request a server receives must be an
 * attempt the router counted). So a POST sent 5-10 s after the previous one went out on a connection
 * the server had closed, failed before any answer, and counted against the deployment's circuit.
 *
 * <p>Two interceptors, installed on the router's client by {@link #install}:
 * <ul>
 *   <li>a network interceptor that, before a request goes out on a reused HTTP/1 connection idle
 *       for at least {@link #PROBE_AFTER}, reads its socket for 1 ms: end of stream (the server
 *       closed it), an error or a stray byte means the connection is closed and dropped and
 *       {@link ConnectionFoundClosed} thrown, with nothing sent. A healthy idle connection has
 *       nothing to read: the read times out and the request goes out;</li>
 *   <li>an application interceptor that runs the call again when {@link ConnectionFoundClosed}
 *       comes back, on another (eventually a new) connection: no request was written, so the
 *       server still receives exactly one request per attempt.</li>
 * </ul>
 * The probe cannot catch a connection the server closes while the request is on its way (or one
 * idle for less than {@link #PROBE_AFTER}): a failure before any response on a reused HTTP/1
 * connection of a request that is not a {@code GET} or {@code HEAD} is thrown as
 * {@link ReusedConnectionFailure} around the original exception, which the routing layer treats
 * once per model group's turn as not the deployment's fault ({@link #failedOnReusedConnection}).
 *
 * <p>Idle time is measured with the router's {@link TimeSource}, from when OkHttp released the
 * connection after its previous exchange (the body read or closed: {@link EventListener#connectionReleased}),
 * not from its response headers: a stream of a few seconds is not idle time, and a probe costs the
 * request up to 1 ms of waiting for a read that times out, so it must be paid only after real idleness.
 * Only connections this instance has seen released count as reused: a connection first used by a
 * caller's own client that shares the pool is treated as new. HTTP/2 connections are not probed
 * (OkHttp reads them continuously and sees their shutdown).
 *
 * <p>Thread-safe: one instance per router, shared by its clients.
 */
public final class PooledConnections {
    /** How long a connection must have been idle before it is probed: a 1 ms read, only on idle ones. */
    public static final Duration PROBE_AFTER = Duration.ofSeconds(1);

    /** How many connections found closed one call drops before it gives up on the pool: never reached in practice. */
    private static final int MAX_DROPPED = 64;

    private final TimeSource time;
    private final long probeAfterNanos;
    /** When each connection this instance has seen was last released to the pool; weak: the pool owns connections. */
    private final Map<Connection, AtomicLong> lastUsed = Collections.synchronizedMap(new WeakHashMap<>());
    /** Probes run so far: the cost a request pays, so tests can check it is paid only after real idleness. */
    private final AtomicLong probes = new AtomicLong();

    /** Connections tracked on {@code time}'s clock. */
    public PooledConnections(TimeSource time) {
        this.time = Objects.requireNonNull(time, "time");
        this.probeAfterNanos = PROBE_AFTER.toNanos();
    }

    /**
     * Adds this instance's interceptors to {@code builder} (the network one last, next to the socket)
     * and its listener after the events of {@code existing}, the listener factory the client had
     * (null when it had none: then no per-call listener is made).
     */
    public OkHttpClient.Builder install(OkHttpClient.Builder builder, EventListener.Factory existing) {
        builder.addInterceptor(this::runAgainOnAClosedConnection).addNetworkInterceptor(this::checkBeforeSending);
        return existing == null ? builder.eventListener(released)
                : builder.eventListenerFactory(call -> existing.create(call).plus(released));
    }

    /** Notes when each connection went back to the pool: the start of its idle time. */
    private final EventListener released = new EventListener() {
        @Override
        public void connectionReleased(Call call, Connection connection) {
            long now = time.nanoTime();
            AtomicLong at = lastUsed.get(connection);
            if (at == null) {
                lastUsed.put(connection, new AtomicLong(now));
            } else {
                // the usual case: a time per connection, set again at each release, nothing allocated
                at.set(now);
            }
        }
    };

    /**
     * True when {@code failure} (or one of its causes) is a failure before any response on a reused
     * HTTP/1 connection: what a server closing an idle connection as the request arrives looks like.
     */
    public static boolean failedOnReusedConnection(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ReusedConnectionFailure) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private Response runAgainOnAClosedConnection(Interceptor.Chain chain) throws IOException {
        for (int dropped = 0; ; dropped++) {
            try {
                return chain.proceed(chain.request());
            } catch (ConnectionFoundClosed e) {
                // nothing was written: running the call again sends the request once, on another connection
                if (chain.call().isCanceled()) {
                    throw new IOException("Canceled", e);
                }
                if (dropped >= MAX_DROPPED) {
                    throw e;
                }
            }
        }
    }

    private Response checkBeforeSending(Interceptor.Chain chain) throws IOException {
        Connection connection = chain.connection();
        if (connection == null || !isHttp1(connection.protocol())) {
            return chain.proceed(chain.request());
        }
        AtomicLong previous = lastUsed.get(connection); // null: new, or last exchange failed
        boolean reused = previous != null;
        if (reused && time.nanoTime() - previous.get() >= probeAfterNanos && probe(connection.socket())) {
            lastUsed.remove(connection);
            closeQuietly(connection.socket());
            throw new ConnectionFoundClosed(connection);
        }
        Request request = chain.request();
        Response response;
        try {
            response = chain.proceed(request);
        } catch (IOException e) {
            lastUsed.remove(connection);
            if (reused && !(e instanceof InterruptedIOException) && !chain.call().isCanceled() && isAttempt(request)) {
                throw new ReusedConnectionFailure(e);
            }
            throw e;
        }
        return response;
    }

    /** How many idle connections have been probed so far. */
    long probes() {
        return probes.get();
    }

    private boolean probe(Socket socket) {
        probes.incrementAndGet();
        return closedByPeer(socket);
    }

    /**
     * A 1 ms read of an idle connection's socket: an idle HTTP/1 connection has nothing to read, so
     * the read times out; end of stream, an error, or a byte the server should not have sent all
     * mean the connection cannot carry a request. The socket's read timeout is restored.
     */
    static boolean closedByPeer(Socket socket) {
        if (socket.isClosed() || socket.isInputShutdown()) {
            return true;
        }
        try {
            int timeout = socket.getSoTimeout();
            try {
                socket.setSoTimeout(1);
                socket.getInputStream().read();
                // end of stream, or a stray byte (now consumed, so the stream is out of step): not usable
                return true;
            } finally {
                socket.setSoTimeout(timeout);
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean isHttp1(Protocol protocol) {
        return protocol == Protocol.HTTP_1_1 || protocol == Protocol.HTTP_1_0;
    }

    /** Probes and model listings are GETs, never attempts; OkHttp's own re-send handles them. */
    private static boolean isAttempt(Request request) {
        return !"GET".equals(request.method()) && !"HEAD".equals(request.method());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // it is being dropped: a failure to close it changes nothing
        }
    }

    /** A pooled connection found closed before anything was sent on it; the call runs again. */
    static final class ConnectionFoundClosed extends IOException {
        private static final long serialVersionUID = 1L;

        ConnectionFoundClosed(Connection connection) {
            super("a pooled connection to " + connection.route().socketAddress() + " was closed by the server");
        }
    }

    /**
     * A failure before any response on a reused HTTP/1 connection, wrapping the original exception
     * (its message is the original's). The request may have reached the server: it stays a counted attempt.
     */
    public static final class ReusedConnectionFailure extends IOException {
        private static final long serialVersionUID = 1L;

        ReusedConnectionFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
