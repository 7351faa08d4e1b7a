package dev.llmrouter.spring;

/**
 * Wraps each task the router hands to its own threads (async calls, callback streams, probes),
 * to carry the submitting thread's context across: the current observation (so spans keep their
 * parent), a security context, the logging MDC. Every decorator bean is applied, the first in
 * {@code @Order} outermost. Called on the submitting thread; must be thread-safe.
 */
@FunctionalInterface
public interface LlmRouterTaskDecorator {
    /** The task to run in place of {@code task}. */
    Runnable decorate(Runnable task);
}
