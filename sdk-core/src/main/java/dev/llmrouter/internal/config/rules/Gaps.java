package dev.llmrouter.internal.config.rules;

import java.util.Set;

/**
 * Names whose YAML definitions had errors, so the rules do not report references to them a
 * second time: providers that could not be built at all, and model groups that lost a
 * deployment. Immutable and thread-safe.
 *
 * @param providers providers missing from the configuration because their definition was broken
 * @param models model groups built without some of the deployments written for them
 */
public record Gaps(Set<String> providers, Set<String> models) {
    /** Nothing missing: a configuration built in Java. */
    public static final Gaps NONE = new Gaps(Set.of(), Set.of());

    /** Copies the sets. */
    public Gaps {
        providers = Set.copyOf(providers);
        models = Set.copyOf(models);
    }
}
