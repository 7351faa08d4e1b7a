package dev.llmrouter.internal.config;

import dev.llmrouter.config.ConfigProblem;
import dev.llmrouter.config.ConfigProblem.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the problems of one load and knows where each configuration path was written.
 * Binders record {@code path -> location} as they read values; rules report against paths such as
 * {@code models.coder.deployments[0].provider}, and the problem lands on the nearest recorded place
 * (the path itself, else its closest recorded parent). When a path has no recorded place at all
 * (a configuration built in Java), the message is prefixed with the path instead.
 * Not thread-safe: one instance per load.
 */
public final class Problems {
    /** The longest problem message or hint kept, in characters. */
    public static final int MAX_MESSAGE_CHARS = 400;

    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<String, Location> places = new HashMap<>();
    private final Set<String> unresolved = new HashSet<>();
    private final String defaultFile;

    /** A collector whose unplaced problems name {@code defaultFile} ({@code <java>} for code-built configs). */
    public Problems(String defaultFile) {
        this.defaultFile = defaultFile;
    }

    /** Records where {@code path} was written; the first record wins (later seed-style aliases do not move it). */
    public void place(String path, Location location) {
        if (location != null) {
            places.putIfAbsent(path, location);
        }
    }

    /** The exact recorded place of {@code path}, or null. */
    public Location exact(String path) {
        return places.get(path);
    }

    /** The recorded place of {@code path} or of its nearest recorded parent, or null. */
    public Location locate(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Location l = places.get(p);
            if (l != null) {
                return l;
            }
            p = Paths.parent(p);
        }
        return null;
    }

    /** Where {@code path} is, for hints ({@code file:line:column}), or the path itself when unknown. */
    public String describe(String path) {
        Location l = locate(path);
        return l == null ? path : l.describe();
    }

    /** An error about the value at {@code path}. */
    public void error(String path, String message, String hint) {
        add(path, Severity.ERROR, message, hint);
    }

    /** A warning about the value at {@code path}. */
    public void warning(String path, String message, String hint) {
        add(path, Severity.WARNING, message, hint);
    }

    /** An error at a known place. */
    public void errorAt(Location at, String message, String hint) {
        problems.add(ConfigProblem.error(at.file(), at.line(), at.column(), bounded(message), bounded(hint)));
    }

    /**
     * An error about a variable reference in the value at {@code at} (unset, unclosed, badly named):
     * rules reporting later on the same value are then silent, as their finding follows from it.
     */
    public void unresolvedAt(Location at, String message, String hint) {
        unresolved.add(key(at));
        errorAt(at, message, hint);
    }

    /** A warning at a known place. */
    public void warningAt(Location at, String message, String hint) {
        problems.add(ConfigProblem.warning(at.file(), at.line(), at.column(), bounded(message), bounded(hint)));
    }

    private void add(String path, Severity severity, String message, String hint) {
        Location l = locate(path);
        if (l != null && severity == Severity.ERROR && unresolved.contains(key(l))) {
            return; // the value holds an unset or broken variable: what a rule finds in it follows from that
        }
        if (l == null) {
            problems.add(ConfigProblem.builder(severity, bounded(path + ": " + message)).at(defaultFile, 0, 0)
                    .hint(bounded(hint)).build());
        } else {
            problems.add(ConfigProblem.builder(severity, bounded(message)).at(l.file(), l.line(), l.column())
                    .hint(bounded(hint)).build());
        }
    }

    private static String key(Location l) {
        return l.file() + ':' + l.line() + ':' + l.column();
    }

    /**
     * A message cut to {@link #MAX_MESSAGE_CHARS}: messages quote values, and a value can be a
     * megabyte (or an alias of one, many times over); the place already says where it is.
     */
    static String bounded(String text) {
        if (text == null || text.length() <= MAX_MESSAGE_CHARS) {
            return text;
        }
        return text.substring(0, MAX_MESSAGE_CHARS) + "... (" + (text.length() - MAX_MESSAGE_CHARS) + " more characters)";
    }

    /** The problems in the order they were found. */
    public List<ConfigProblem> list() {
        return List.copyOf(problems);
    }

    /** The problems sorted by file (in the given order of files), line and column. */
    public List<ConfigProblem> sorted(List<String> fileOrder) {
        List<ConfigProblem> out = new ArrayList<>(problems);
        out.sort((a, b) -> {
            int fa = fileOrder.indexOf(a.file());
            int fb = fileOrder.indexOf(b.file());
            if (fa != fb) {
                return Integer.compare(fa < 0 ? Integer.MAX_VALUE : fa, fb < 0 ? Integer.MAX_VALUE : fb);
            }
            if (a.line() != b.line()) {
                return Integer.compare(a.line(), b.line());
            }
            return Integer.compare(a.column(), b.column());
        });
        return out;
    }
}
