package dev.llmrouter.internal.routing;

import dev.llmrouter.api.UnknownModelException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Resolves the name a caller uses (a model group or an alias) to its group; an unknown name fails
 * with {@link UnknownModelException} listing every known name. Immutable and thread-safe.
 */
final class ModelResolver {
    private final Map<String, ModelGroup> groups;
    private final Map<String, String> aliases;
    private final List<String> known;

    ModelResolver(Map<String, ModelGroup> groups, Map<String, String> aliases) {
        this.groups = Map.copyOf(groups);
        this.aliases = Map.copyOf(aliases);
        TreeSet<String> names = new TreeSet<>(groups.keySet());
        names.addAll(aliases.keySet());
        this.known = List.copyOf(names);
    }

    /** The group {@code name} names. */
    ModelGroup resolve(String name) {
        ModelGroup g = groups.get(name);
        if (g == null) {
            String target = aliases.get(name);
            g = target == null ? null : groups.get(target);
        }
        if (g == null) {
            throw new UnknownModelException(name, known);
        }
        return g;
    }

    /** Every group, in no particular order. */
    List<ModelGroup> groups() {
        return new ArrayList<>(groups.values());
    }
}
