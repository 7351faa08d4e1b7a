package dev.llmrouter.spi.state;

/** Whose limit a rate-limit key names: a deployment's own or a model group's shared one. */
public enum LimitScope {
    /** A deployment's rpm/tpm. */
    DEPLOYMENT,
    /** A model group's rpm/tpm, shared by all its deployments. */
    GROUP
}
