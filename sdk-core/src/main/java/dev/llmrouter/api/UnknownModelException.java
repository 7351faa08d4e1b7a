package dev.llmrouter.api;

import java.util.List;

/**
 * The model name a request (or a per-request fallback chain) names is neither a model group nor
 * an alias of this router. No provider was called; the message lists the names that are known.
 * A {@link ModelNotFoundException} with provider {@code ""} and HTTP status 0, so code catching the
 * provider's "model not found" catches this one too. Thread-safe once thrown.
 */
public class UnknownModelException extends ModelNotFoundException {
    private static final long serialVersionUID = 1L;

    private final String model;
    private final List<String> knownModels;

    /** An unknown {@code model}; {@code knownModels} are the groups and aliases configured. */
    public UnknownModelException(String model, List<String> knownModels) {
        super("", ProviderError.builder(0).type("invalid_request_error").code("model_not_found")
                .message("unknown model '" + model + "'")
                .build(), "unknown model '" + model + "'; known models and aliases: "
                + (knownModels.isEmpty() ? "(none)" : String.join(", ", knownModels)), null);
        this.model = model;
        this.knownModels = List.copyOf(knownModels);
    }

    /** The name that was asked for. */
    public String model() {
        return model;
    }

    /** The model groups and aliases this router knows, sorted. */
    public List<String> knownModels() {
        return knownModels;
    }
}
