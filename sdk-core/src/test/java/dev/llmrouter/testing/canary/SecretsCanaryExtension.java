package dev.llmrouter.testing.canary;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Fails a test when a secret of the suite ({@link SecretsCanary}) reached a log line (any level,
 * with its exceptions' messages) during it, or the message of the exception a failing test threw.
 * Registered for every test of the module by JUnit's extension auto-detection
 * ({@code junit-platform.properties}). Tests run one at a time in this module, so the lines logged
 * between {@code beforeEach} and {@code afterEach} are the test's own (plus background threads').
 */
public final class SecretsCanaryExtension implements BeforeEachCallback, AfterEachCallback, TestExecutionExceptionHandler {

    @Override
    public void beforeEach(ExtensionContext context) {
        CapturingLoggerProvider.drain();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (String line : CapturingLoggerProvider.drain()) {
            String leak = SecretsCanary.leakIn(line);
            if (leak != null) {
                throw new AssertionError("a secret of the test suite (" + leak.substring(0, 4)
                        + "...) reached a log line: " + SecretsCanary.masked(line));
            }
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String leak = SecretsCanary.leakIn(t.getMessage());
            if (leak != null) {
                AssertionError e = new AssertionError("a secret of the test suite reached an exception message: "
                        + t.getClass().getName() + ": " + SecretsCanary.masked(t.getMessage()));
                e.addSuppressed(throwable);
                throw e;
            }
        }
        throw throwable;
    }
}
