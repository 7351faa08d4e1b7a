package dev.llmrouter.internal.config;

/**
 * Configuration paths such as {@code models.coder.deployments[0].provider}: how rules name a
 * value, and the key under which binders record where it was written. Names may contain dots
 * ({@code llama3.1:latest}); a path is only a lookup key, so that ambiguity is harmless.
 * Thread-safe (static helpers).
 */
public final class Paths {
    private Paths() {
    }

    /** {@code parent.key}, or {@code key} at the top. */
    public static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** {@code parent[index]}. */
    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The path one step up: the text before the last {@code .} or {@code [}; empty at the top. */
    public static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut <= 0 ? "" : path.substring(0, cut);
    }
}
