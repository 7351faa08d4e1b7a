package dev.llmrouter.langchain4j;

import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.llmrouter.api.Route;
import java.util.Objects;

/**
 * The metadata of a response that came through llmrouter: LangChain4j's common fields (id, model
 * name, token usage, finish reason) plus how the router served the request. Read it with
 * {@code (LlmRouterChatResponseMetadata) chatResponse.metadata()}.
 *
 * <ul>
 *   <li>{@link #route()}: the group asked for, the deployment that answered, every attempt with its
 *       outcome and HTTP status, the fallback groups tried, and whether the cache answered;</li>
 *   <li>{@link #provider()} and {@link #deploymentId()}: shortcuts into the route;</li>
 *   <li>{@link #rawFinishReason()}: the server's own finish reason, which LangChain4j's enum may
 *       flatten;</li>
 *   <li>{@link #providerRequestId()}: the provider's request id header, for its support desk.</li>
 * </ul>
 *
 * Immutable and thread-safe.
 */
public class LlmRouterChatResponseMetadata extends ChatResponseMetadata {
    private final Route route;
    private final String rawFinishReason;
    private final String providerRequestId;

    /** Built by {@link #builder()}. */
    protected LlmRouterChatResponseMetadata(Builder builder) {
        super(builder);
        this.route = builder.route == null ? Route.NONE : builder.route;
        this.rawFinishReason = builder.rawFinishReason;
        this.providerRequestId = builder.providerRequestId;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** How the router served the request (never null; {@link Route#NONE} when not routed). */
    public Route route() {
        return route;
    }

    /** The name of the configured provider that answered, or null when none did (a cache hit). */
    public String provider() {
        return route.provider();
    }

    /** The deployment that answered ({@code group/provider/model#n}), or null when none did. */
    public String deploymentId() {
        return route.deploymentId();
    }

    /** The server's own finish reason ({@code stop}, {@code end_turn}, ...), or null when it sent none. */
    public String rawFinishReason() {
        return rawFinishReason;
    }

    /** The provider's request id header ({@code x-request-id}, {@code request-id}), or null when it sent none. */
    public String providerRequestId() {
        return providerRequestId;
    }

    @Override
    public Builder toBuilder() {
        Builder b = (Builder) toBuilder(builder());
        return b.route(route).rawFinishReason(rawFinishReason).providerRequestId(providerRequestId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LlmRouterChatResponseMetadata m && super.equals(o) && m.route.equals(route)
                && Objects.equals(m.rawFinishReason, rawFinishReason) && Objects.equals(m.providerRequestId, providerRequestId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), route, rawFinishReason, providerRequestId);
    }

    @Override
    public String toString() {
        return "LlmRouterChatResponseMetadata{id='" + id() + "', modelName='" + modelName() + "', tokenUsage=" + tokenUsage()
                + ", finishReason=" + finishReason() + ", rawFinishReason='" + rawFinishReason + "', deployment='"
                + deploymentId() + "', attempts=" + route.attempts().size() + ", fallbackGroups=" + route.fallbackGroups()
                + ", cacheHit=" + route.cacheHit() + "}";
    }

    /** Builds {@link LlmRouterChatResponseMetadata}. Not thread-safe. */
    public static class Builder extends ChatResponseMetadata.Builder<Builder> {
        private Route route;
        private String rawFinishReason;
        private String providerRequestId;

        /** An empty builder. */
        public Builder() {
        }

        /** The route. */
        public Builder route(Route route) {
            this.route = route;
            return this;
        }

        /** The server's own finish reason. */
        public Builder rawFinishReason(String rawFinishReason) {
            this.rawFinishReason = rawFinishReason;
            return this;
        }

        /** The provider's request id. */
        public Builder providerRequestId(String providerRequestId) {
            this.providerRequestId = providerRequestId;
            return this;
        }

        @Override
        public LlmRouterChatResponseMetadata build() {
            return new LlmRouterChatResponseMetadata(this);
        }
    }
}
