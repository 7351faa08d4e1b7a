package dev.llmrouter.internal.routing;

import dev.llmrouter.api.UnknownModelException;
import dev.llmrouter.internal.config.Wildcards;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Resolves the name a caller uses to its group: a group by name, an alias, else the most specific
 * wildcard group that matches ({@code openai/*} before {@code *}; one {@code *} per name, standing
 * for any text), resolved for that name. An unknown name fails with {@link UnknownModelException}
 * listing every known name. Immutable and thread-safe.
 */
final class ModelResolver {
    private final Map<String, ModelGroup> groups;
    private final Map<String, String> aliases;
    private final List<String> known;
    /** Wildcard groups, most specific (longest literal part) first. */
    private final List<ModelGroup> wildcards;

    ModelResolver(Map<String, ModelGroup> groups, Map<String, String> aliases) {
        this.groups = Map.copyOf(groups);
        this.aliases = Map.copyOf(aliases);
        TreeSet<String> names = new TreeSet<>(groups.keySet());
        names.addAll(aliases.keySet());
        this.known = List.copyOf(names);
        this.wildcards = groups.values().stream().filter(g -> Wildcards.isPattern(g.name))
                .sorted(java.util.Comparator.comparingInt((ModelGroup g) -> g.name.length()).reversed()).toList();
    }

    /** The group {@code name} names. */
    ModelGroup resolve(String name) {
        ModelGroup g = groups.get(name);
        if (g == null) {
            String target = aliases.get(name);
            g = target == null ? null : groups.get(target);
        }
        if (g == null) {
            g = wildcard(name);
        }
        if (g == null) {
            throw new UnknownModelException(name, known);
        }
        return g;
    }

    private ModelGroup wildcard(String name) {
        for (ModelGroup w : wildcards) {
            String match = Wildcards.match(w.name, name);
            if (match != null) {
                return w.resolvedFor(name, match);
            }
        }
        return null;
    }

    /** Every group, in no particular order. */
    List<ModelGroup> groups() {
        return new ArrayList<>(groups.values());
    }
}
