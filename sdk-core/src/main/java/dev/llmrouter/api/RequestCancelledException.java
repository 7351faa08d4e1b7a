package dev.llmrouter.api;

/**
 * The caller cancelled the request (closed the stream, cancelled the future, interrupted the
 * thread). Its connection has been released. Thread-safe once thrown.
 */
public class RequestCancelledException extends LlmRouterException {
    private static final long serialVersionUID = 1L;

    /** A cancellation. */
    public RequestCancelledException(String message, Throwable cause) {
        super(message, FailureKind.CANCELLED, cause);
    }
}
