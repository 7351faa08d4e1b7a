package dev.llmrouter.testing.canary;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J backend of sdk-core's tests: every log line at every level, with the messages of its
 * throwable and of all its causes and suppressed exceptions, is kept for {@link SecretsCanaryExtension}
 * to search; WARN and ERROR lines are also printed to stderr. Registered through
 * {@code META-INF/services}. Thread-safe.
 */
public final class CapturingLoggerProvider implements SLF4JServiceProvider {
    private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final ILoggerFactory factory = CapturingLogger::new;

    /** Takes the lines logged since the last call. */
    static List<String> drain() {
        List<String> out = new ArrayList<>();
        for (String s; (s = LINES.poll()) != null; ) {
            out.add(s);
        }
        return out;
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return factory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
    }

    private static final class CapturingLogger extends AbstractLogger {
        private static final long serialVersionUID = 1L;

        CapturingLogger(String name) {
            this.name = name;
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                                   Throwable t) {
            StringBuilder line = new StringBuilder(level + " " + name + ": "
                    + MessageFormatter.basicArrayFormat(pattern, args));
            describe(t, line, 0);
            String s = line.toString();
            LINES.add(s);
            if (level == Level.WARN || level == Level.ERROR) {
                System.err.println(s);
            }
        }

        private static void describe(Throwable t, StringBuilder out, int depth) {
            if (t == null || depth > 20) {
                return;
            }
            out.append(" | ").append(t);
            for (Throwable s : t.getSuppressed()) {
                describe(s, out, depth + 1);
            }
            if (t.getCause() != t) {
                describe(t.getCause(), out, depth + 1);
            }
        }

        @Override
        public boolean isTraceEnabled() {
            return true;
        }

        @Override
        public boolean isTraceEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isDebugEnabled() {
            return true;
        }

        @Override
        public boolean isDebugEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isInfoEnabled() {
            return true;
        }

        @Override
        public boolean isInfoEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isWarnEnabled(Marker marker) {
            return true;
        }

        @Override
        public boolean isErrorEnabled() {
            return true;
        }

        @Override
        public boolean isErrorEnabled(Marker marker) {
            return true;
        }
    }
}
