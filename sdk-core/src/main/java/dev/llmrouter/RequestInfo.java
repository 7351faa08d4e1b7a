package dev.llmrouter;

import dev.llmrouter.api.ChatRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The request a {@link dev.llmrouter.spi.event.RouterListener} event belongs to: what lets a
 * listener tie events to the caller's own request (a trace id, a user, a tenant) through the
 * caller's metadata. Immutable and thread-safe.
 *
 * <p>A final class, not a record, so that it can gain fields: listeners read it; tests of a
 * listener build one with {@link #builder()}.
 */
public final class RequestInfo {
    private final String id;
    private final String requestedModel;
    private final boolean streaming;
    private final Map<String, String> metadata;

    private RequestInfo(Builder b) {
        id = Objects.requireNonNull(b.id, "id");
        requestedModel = Objects.requireNonNull(b.requestedModel, "requestedModel");
        streaming = b.streaming;
        metadata = Map.copyOf(b.metadata);
    }

    /** The information of {@code request}, under the router's request {@code id}. */
    public static RequestInfo of(String id, ChatRequest request, boolean streaming) {
        Map<String, String> options = request.options().metadata();
        Map<String, String> metadata = request.metadata();
        if (!options.isEmpty()) {
            metadata = new LinkedHashMap<>(request.metadata());
            metadata.putAll(options);
        }
        return builder().id(id).requestedModel(request.model()).streaming(streaming).metadata(metadata).build();
    }

    /** An empty builder: {@code id} and {@code requestedModel} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these values. */
    public Builder toBuilder() {
        return builder().id(id).requestedModel(requestedModel).streaming(streaming).metadata(metadata);
    }

    /** The router's id for the request, unique in this JVM (also on every event of the request). */
    public String id() {
        return id;
    }

    /** The model group or alias the caller asked for. */
    public String requestedModel() {
        return requestedModel;
    }

    /** True for {@code stream(...)}, false for {@code chat(...)}. */
    public boolean streaming() {
        return streaming;
    }

    /**
     * The caller's metadata: {@link ChatRequest#metadata()} with {@link
     * dev.llmrouter.api.RequestOptions#metadata()} laid over it (the options' value wins for a key
     * in both); never sent to a provider. Empty when none.
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RequestInfo r && id.equals(r.id) && requestedModel.equals(r.requestedModel)
                && streaming == r.streaming && metadata.equals(r.metadata);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, requestedModel, streaming, metadata);
    }

    @Override
    public String toString() {
        return "RequestInfo[id=" + id + ", requestedModel=" + requestedModel + ", streaming=" + streaming
                + ", metadata=" + metadata + "]";
    }

    /** Builds a {@link RequestInfo}. Not thread-safe. */
    public static final class Builder {
        private String id;
        private String requestedModel;
        private boolean streaming;
        private Map<String, String> metadata = Map.of();

        private Builder() {
        }

        /** The router's id for the request (required). */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** The model group or alias asked for (required). */
        public Builder requestedModel(String model) {
            this.requestedModel = model;
            return this;
        }

        /** Whether the request streams (default false). */
        public Builder streaming(boolean streaming) {
            this.streaming = streaming;
            return this;
        }

        /** The caller's metadata (default empty); copied. */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        /**
         * The immutable value.
         *
         * @throws NullPointerException when {@code id} or {@code requestedModel} is unset
         */
        public RequestInfo build() {
            return new RequestInfo(this);
        }
    }
}
