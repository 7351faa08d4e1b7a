package dev.llmrouter.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A whole chat completion: the assistant message, why it finished, token usage and how it was
 * routed. Immutable and thread-safe.
 */
public final class ChatResponse {
    private final String id;
    private final String model;
    private final ChatMessage message;
    private final FinishReason finishReason;
    private final String rawFinishReason;
    private final Usage usage;
    private final String providerRequestId;
    private final Route route;

    private ChatResponse(Builder b) {
        this.id = b.id == null ? "" : b.id;
        this.model = b.model == null ? "" : b.model;
        this.message = Objects.requireNonNull(b.message, "message");
        this.rawFinishReason = b.rawFinishReason;
        this.finishReason = b.finishReason != null ? b.finishReason : FinishReason.fromWire(b.rawFinishReason);
        this.usage = b.usage == null ? Usage.EMPTY : b.usage;
        this.providerRequestId = b.providerRequestId;
        this.route = b.route == null ? Route.NONE : b.route;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this response's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.model = model;
        b.message = message;
        b.finishReason = finishReason;
        b.rawFinishReason = rawFinishReason;
        b.usage = usage;
        b.providerRequestId = providerRequestId;
        b.route = route;
        return b;
    }

    /** The server's completion id ("" when it sent none). */
    public String id() {
        return id;
    }

    /** The model name the server reported ("" when it sent none). */
    public String model() {
        return model;
    }

    /** The assistant message. */
    public ChatMessage message() {
        return message;
    }

    /** The answer's text ("" when the model only called tools). */
    public String text() {
        return message.text();
    }

    /** Why the model stopped. */
    public FinishReason finishReason() {
        return finishReason;
    }

    /** The server's own finish or stop reason. */
    public Optional<String> rawFinishReason() {
        return Optional.ofNullable(rawFinishReason);
    }

    /** Token usage ({@link Usage#EMPTY} when the server reported none). */
    public Usage usage() {
        return usage;
    }

    /** The provider's request id header ({@code x-request-id}, {@code request-id}), when sent. */
    public Optional<String> providerRequestId() {
        return Optional.ofNullable(providerRequestId);
    }

    /** How the request was routed ({@link Route#NONE} from an adapter used directly). */
    public Route route() {
        return route;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatResponse r && r.id.equals(id) && r.model.equals(model) && r.message.equals(message)
                && r.finishReason == finishReason && Objects.equals(r.rawFinishReason, rawFinishReason)
                && r.usage.equals(usage) && Objects.equals(r.providerRequestId, providerRequestId) && r.route.equals(route);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, model, message, finishReason, usage);
    }

    @Override
    public String toString() {
        return "ChatResponse[id=" + id + ", model=" + model + ", finish=" + finishReason + ", usage=" + usage + ", " + message + "]";
    }

    /** Builds a {@link ChatResponse}. Not thread-safe. */
    public static final class Builder {
        private String id;
        private String model;
        private ChatMessage message;
        private FinishReason finishReason;
        private String rawFinishReason;
        private Usage usage;
        private String providerRequestId;
        private Route route;

        private Builder() {
        }

        /** The completion id. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** The reported model. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** The assistant message (required). */
        public Builder message(ChatMessage message) {
            this.message = message;
            return this;
        }

        /** The normalised finish reason; derived from the raw one when not set. */
        public Builder finishReason(FinishReason reason) {
            this.finishReason = reason;
            return this;
        }

        /** The server's own finish reason. */
        public Builder rawFinishReason(String raw) {
            this.rawFinishReason = raw;
            return this;
        }

        /** Token usage. */
        public Builder usage(Usage usage) {
            this.usage = usage;
            return this;
        }

        /** The provider's request id. */
        public Builder providerRequestId(String id) {
            this.providerRequestId = id;
            return this;
        }

        /** The route. */
        public Builder route(Route route) {
            this.route = route;
            return this;
        }

        /** @throws NullPointerException when no message was set */
        public ChatResponse build() {
            return new ChatResponse(this);
        }
    }
}
