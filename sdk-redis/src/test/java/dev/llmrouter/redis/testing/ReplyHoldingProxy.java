package dev.llmrouter.redis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy in front of a redis-server that can hold Redis's replies back while it still
 * forwards every request at once: Redis runs a command whose reply the client never gets in time,
 * which is what a command timeout on a slow network or an overloaded host looks like (the command
 * ran; the client gave up). Replies held when the client closes its connection are dropped with it.
 * Thread-safe; close it to stop every connection.
 */
public final class ReplyHoldingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** Guarded by {@code this}: pumps of replies wait on it while holding. */
    private boolean holding;
    private boolean closed;

    /** Starts a proxy on a free loopback port in front of the redis-server on {@code targetPort}. */
    public ReplyHoldingProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "reply-holding-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** While true, replies are held back (requests still go through at once). */
    public synchronized void hold(boolean hold) {
        this.holding = hold;
        notifyAll();
    }

    /** Blocks a reply pump while replies are held, until released or the connection or proxy closes. */
    private synchronized void awaitRelease(Socket to) throws InterruptedException {
        while (holding && !closed && !to.isClosed()) {
            wait();
        }
    }

    private synchronized void wakePumps() {
        notifyAll();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket redis = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(client);
                open.add(redis);
                pump(client, redis, false);
                pump(redis, client, true);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean replies) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (replies) {
                        awaitRelease(to);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                // the pump of the other direction may be holding a reply for a socket closed just now
                wakePumps();
            }
        }, "reply-holding-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        server.close();
        open.forEach(ReplyHoldingProxy::closeQuietly);
    }
}
