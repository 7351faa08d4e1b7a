package dev.llmrouter.internal.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Host name facts the configuration rules and the adapters must agree on. Never resolves a name:
 * validation and adapter construction do no network I/O. Thread-safe (static helpers).
 */
public final class Hosts {
    private Hosts() {
    }

    /**
     * True for {@code localhost}, any {@code 127.0.0.0/8} address and {@code ::1} (with or without
     * brackets): a local proxy, a tunnel or a test server, where plain http exposes nothing.
     */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        String bare = h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        boolean v4 = bare.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = bare.contains(":") && bare.matches("[0-9a-f:.]+");
        if (!v4 && !v6) {
            return false; // a name: never resolved
        }
        try {
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
