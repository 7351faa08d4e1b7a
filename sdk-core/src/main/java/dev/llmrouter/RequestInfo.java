package dev.llmrouter;

import dev.llmrouter.api.ChatRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The request a {@link dev.llmrouter.spi.event.RouterListener} event belongs to: what lets a listener tie events to the
 * caller's own request (a trace id, a user, a tenant) through the caller's metadata. Immutable and
 * thread-safe.
 *
 * @param id the router's id for the request, unique in this JVM (also on every event of the request)
 * @param requestedModel the model group or alias the caller asked for
 * @param streaming true for {@code stream(...)}, false for {@code chat(...)}
 * @param metadata the caller's metadata: {@link ChatRequest#metadata()} with
 *        {@link dev.llmrouter.api.RequestOptions#metadata()} laid over it (the options' value wins for a
 *        key in both); never sent to a provider
 */
public record RequestInfo(String id, String requestedModel, boolean streaming, Map<String, String> metadata) {
    /** Copies the metadata. */
    public RequestInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(requestedModel, "requestedModel");
        metadata = Map.copyOf(metadata);
    }

    /** The information of {@code request}, under the router's request {@code id}. */
    public static RequestInfo of(String id, ChatRequest request, boolean streaming) {
        Map<String, String> options = request.options().metadata();
        if (options.isEmpty()) {
            return new RequestInfo(id, request.model(), streaming, request.metadata());
        }
        Map<String, String> merged = new LinkedHashMap<>(request.metadata());
        merged.putAll(options);
        return new RequestInfo(id, request.model(), streaming, merged);
    }
}
