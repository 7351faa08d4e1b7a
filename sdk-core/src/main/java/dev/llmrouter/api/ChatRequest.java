package dev.llmrouter.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A chat completion request in the OpenAI shape. {@link #model()} is a model group or alias as
 * configured in the router (the router replaces it with each deployment's own model name before
 * an adapter sees it). Unset sampling values are left to the server. Immutable and thread-safe;
 * build with {@link #builder()}, derive with {@link #toBuilder()}.
 */
public final class ChatRequest {
    private final String model;
    private final List<ChatMessage> messages;
    private final Double temperature;
    private final Double topP;
    private final Integer maxTokens;
    private final List<String> stop;
    private final Long seed;
    private final Double presencePenalty;
    private final Double frequencyPenalty;
    private final List<ToolDefinition> tools;
    private final ToolChoice toolChoice;
    private final Boolean parallelToolCalls;
    private final ResponseFormat responseFormat;
    private final Map<String, String> metadata;
    private final RequestOptions options;

    private ChatRequest(Builder b) {
        if (b.model == null || b.model.isBlank()) {
            throw new IllegalArgumentException("a chat request needs a model (a model group or alias name)");
        }
        if (b.messages.isEmpty()) {
            throw new IllegalArgumentException("a chat request needs at least one message");
        }
        if (b.maxTokens != null && b.maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive, got " + b.maxTokens);
        }
        // written as "not within" so that NaN, which compares false with everything, is rejected too
        if (b.temperature != null && !(b.temperature >= 0 && b.temperature <= 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2, got " + b.temperature);
        }
        if (b.topP != null && !(b.topP >= 0 && b.topP <= 1)) {
            throw new IllegalArgumentException("topP must be between 0 and 1, got " + b.topP);
        }
        if (b.stop.size() > 4) {
            throw new IllegalArgumentException("at most 4 stop sequences are accepted, got " + b.stop.size());
        }
        this.model = b.model;
        this.messages = List.copyOf(b.messages);
        this.temperature = b.temperature;
        this.topP = b.topP;
        this.maxTokens = b.maxTokens;
        this.stop = List.copyOf(b.stop);
        this.seed = b.seed;
        this.presencePenalty = b.presencePenalty;
        this.frequencyPenalty = b.frequencyPenalty;
        this.tools = List.copyOf(b.tools);
        this.toolChoice = b.toolChoice;
        this.parallelToolCalls = b.parallelToolCalls;
        this.responseFormat = b.responseFormat;
        this.metadata = Map.copyOf(b.metadata);
        this.options = b.options;
    }

    /** A new, empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this request's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.model = model;
        b.messages.addAll(messages);
        b.temperature = temperature;
        b.topP = topP;
        b.maxTokens = maxTokens;
        b.stop.addAll(stop);
        b.seed = seed;
        b.presencePenalty = presencePenalty;
        b.frequencyPenalty = frequencyPenalty;
        b.tools.addAll(tools);
        b.toolChoice = toolChoice;
        b.parallelToolCalls = parallelToolCalls;
        b.responseFormat = responseFormat;
        b.metadata = metadata;
        b.options = options;
        return b;
    }

    /** This request with another model name (what the router does per deployment). */
    public ChatRequest withModel(String model) {
        return toBuilder().model(model).build();
    }

    /** The model group, alias, or (inside an adapter) the provider's model name. */
    public String model() {
        return model;
    }

    /** The conversation, oldest first; never empty. */
    public List<ChatMessage> messages() {
        return messages;
    }

    /** Sampling temperature, 0 to 2. */
    public OptionalDouble temperature() {
        return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
    }

    /** Nucleus sampling mass, 0 to 1. */
    public OptionalDouble topP() {
        return topP == null ? OptionalDouble.empty() : OptionalDouble.of(topP);
    }

    /**
     * The maximum number of output tokens. Each adapter sends it under its server's name
     * ({@code max_completion_tokens}, {@code max_tokens}, {@code num_predict}).
     */
    public OptionalInt maxTokens() {
        return maxTokens == null ? OptionalInt.empty() : OptionalInt.of(maxTokens);
    }

    /** Stop sequences (at most 4); empty when none. */
    public List<String> stop() {
        return stop;
    }

    /** The sampling seed. */
    public OptionalLong seed() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** OpenAI presence penalty. */
    public OptionalDouble presencePenalty() {
        return presencePenalty == null ? OptionalDouble.empty() : OptionalDouble.of(presencePenalty);
    }

    /** OpenAI frequency penalty. */
    public OptionalDouble frequencyPenalty() {
        return frequencyPenalty == null ? OptionalDouble.empty() : OptionalDouble.of(frequencyPenalty);
    }

    /** Tools the model may call; empty when none. */
    public List<ToolDefinition> tools() {
        return tools;
    }

    /** Tool choice; empty leaves it to the server. */
    public Optional<ToolChoice> toolChoice() {
        return Optional.ofNullable(toolChoice);
    }

    /** Whether the model may call several tools at once; empty leaves it to the server. */
    public Optional<Boolean> parallelToolCalls() {
        return Optional.ofNullable(parallelToolCalls);
    }

    /** Answer format; empty means free text. */
    public Optional<ResponseFormat> responseFormat() {
        return Optional.ofNullable(responseFormat);
    }

    /** Caller metadata (for listeners and logs; never sent to a provider). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Per-request overrides of the router's settings. */
    public RequestOptions options() {
        return options;
    }

    /** The text of all messages joined; used for prompt-size estimates. */
    public int promptCharacters() {
        int n = 0;
        for (ChatMessage m : messages) {
            n += m.text().length();
            for (ToolCall c : m.toolCalls()) {
                n += c.name().length() + c.argumentsJson().length();
            }
        }
        for (ToolDefinition t : tools) {
            n += t.name().length() + t.description().length() + t.parametersJson().length();
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChatRequest r && r.model.equals(model) && r.messages.equals(messages)
                && Objects.equals(r.temperature, temperature) && Objects.equals(r.topP, topP)
                && Objects.equals(r.maxTokens, maxTokens) && r.stop.equals(stop) && Objects.equals(r.seed, seed)
                && Objects.equals(r.presencePenalty, presencePenalty) && Objects.equals(r.frequencyPenalty, frequencyPenalty)
                && r.tools.equals(tools) && Objects.equals(r.toolChoice, toolChoice)
                && Objects.equals(r.parallelToolCalls, parallelToolCalls) && Objects.equals(r.responseFormat, responseFormat)
                && r.metadata.equals(metadata) && r.options.equals(options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(model, messages, temperature, topP, maxTokens, stop, seed, tools, toolChoice, responseFormat);
    }

    @Override
    public String toString() {
        return "ChatRequest[model=" + model + ", messages=" + messages.size() + (maxTokens == null ? "" : ", maxTokens=" + maxTokens)
                + (tools.isEmpty() ? "" : ", tools=" + tools.size()) + "]";
    }

    /** Builds a {@link ChatRequest}. Not thread-safe. */
    public static final class Builder {
        private String model;
        private final List<ChatMessage> messages = new ArrayList<>();
        private Double temperature;
        private Double topP;
        private Integer maxTokens;
        private final List<String> stop = new ArrayList<>();
        private Long seed;
        private Double presencePenalty;
        private Double frequencyPenalty;
        private final List<ToolDefinition> tools = new ArrayList<>();
        private ToolChoice toolChoice;
        private Boolean parallelToolCalls;
        private ResponseFormat responseFormat;
        private Map<String, String> metadata = Map.of();
        private RequestOptions options = RequestOptions.DEFAULTS;

        private Builder() {
        }

        /** The model group or alias to route to. */
        public Builder model(String model) {
            this.model = model;
            return this;
        }

        /** Appends a system message. */
        public Builder system(String text) {
            return message(ChatMessage.system(text));
        }

        /** Appends a user message. */
        public Builder user(String text) {
            return message(ChatMessage.user(text));
        }

        /** Appends an assistant message. */
        public Builder assistant(String text) {
            return message(ChatMessage.assistant(text));
        }

        /** Appends a message. */
        public Builder message(ChatMessage message) {
            messages.add(Objects.requireNonNull(message, "message"));
            return this;
        }

        /** Replaces the conversation. */
        public Builder messages(List<ChatMessage> messages) {
            this.messages.clear();
            messages.forEach(this::message);
            return this;
        }

        /** Sampling temperature, 0 to 2. */
        public Builder temperature(double t) {
            this.temperature = t;
            return this;
        }

        /** Nucleus sampling mass, 0 to 1. */
        public Builder topP(double p) {
            this.topP = p;
            return this;
        }

        /** Maximum output tokens. */
        public Builder maxTokens(int n) {
            this.maxTokens = n;
            return this;
        }

        /** Stop sequences (at most 4). */
        public Builder stop(List<String> sequences) {
            stop.clear();
            stop.addAll(sequences);
            return this;
        }

        /** Sampling seed. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** OpenAI presence penalty. */
        public Builder presencePenalty(double p) {
            this.presencePenalty = p;
            return this;
        }

        /** OpenAI frequency penalty. */
        public Builder frequencyPenalty(double p) {
            this.frequencyPenalty = p;
            return this;
        }

        /** Appends a tool. */
        public Builder tool(ToolDefinition tool) {
            tools.add(Objects.requireNonNull(tool, "tool"));
            return this;
        }

        /** Replaces the tools. */
        public Builder tools(List<ToolDefinition> tools) {
            this.tools.clear();
            tools.forEach(this::tool);
            return this;
        }

        /** Tool choice. */
        public Builder toolChoice(ToolChoice choice) {
            this.toolChoice = choice;
            return this;
        }

        /** Whether several tools may be called at once. */
        public Builder parallelToolCalls(boolean allowed) {
            this.parallelToolCalls = allowed;
            return this;
        }

        /** Answer format. */
        public Builder responseFormat(ResponseFormat format) {
            this.responseFormat = format;
            return this;
        }

        /** Caller metadata. */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        /** Per-request overrides. */
        public Builder options(RequestOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** @throws IllegalArgumentException naming the bad value (no model, no messages, out-of-range sampling) */
        public ChatRequest build() {
            return new ChatRequest(this);
        }
    }
}
