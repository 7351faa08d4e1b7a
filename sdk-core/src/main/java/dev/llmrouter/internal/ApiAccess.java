package dev.llmrouter.internal;

import dev.llmrouter.api.LlmRouterException;
import dev.llmrouter.api.Route;

/**
 * The router's access to what API types keep from applications: mutators that only the router
 * calls, such as recording the route on an exception. The API package installs the single
 * implementation when its class initialises (as OkHttp's {@code Internal} does), so these
 * methods need not be public on the API types. Internal: not an API. Thread-safe.
 */
public abstract class ApiAccess {
    private static volatile ApiAccess instance;

    /** For the API package only: installs the implementation; a second call fails. */
    protected ApiAccess() {
        synchronized (ApiAccess.class) {
            if (instance != null) {
                throw new IllegalStateException("ApiAccess is installed by dev.llmrouter.api only");
            }
            instance = this;
        }
    }

    /** The implementation the API package installed. */
    public static ApiAccess get() {
        ApiAccess a = instance;
        if (a == null) {
            initialise(LlmRouterException.class);
            a = instance;
        }
        return a;
    }

    private static void initialise(Class<?> c) {
        try {
            Class.forName(c.getName(), true, c.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records the route and the last deployment (when not null) on {@code e}, before it reaches
     * the caller. Returns {@code e}.
     */
    public abstract LlmRouterException withRoute(LlmRouterException e, Route route, String deploymentId);
}
