package dev.llmrouter.internal.config.yaml;

import dev.llmrouter.internal.config.Location;
import java.util.List;
import java.util.Optional;

/**
 * A YAML value with the place it was written: the plain-data tree the binders walk, built by
 * {@link SafeYaml} from SnakeYAML's composed nodes (aliases expanded, merge keys applied, tags
 * checked) and merged across files by {@link NodeMerger}. Immutable and thread-safe.
 */
public sealed interface YNode permits YNode.Scalar, YNode.Mapping, YNode.Sequence {

    /** Where the value starts. */
    Location location();

    /** {@code a mapping}, {@code a list} or {@code a value}, for messages. */
    String describe();

    /** What YAML resolved a plain scalar to. */
    enum Kind {
        /** Text (also timestamps and anything quoted). */
        STRING,
        /** An integer. */
        INT,
        /** A floating-point number. */
        FLOAT,
        /** {@code true}/{@code false} (and YAML 1.1's yes/no/on/off). */
        BOOL,
        /** {@code ~}, {@code null} or nothing. */
        NULL
    }

    /**
     * A scalar.
     *
     * @param value the text as written (unquoted)
     * @param kind what YAML resolved it to
     * @param location where it starts
     */
    record Scalar(String value, Kind kind, Location location) implements YNode {
        @Override
        public String describe() {
            return kind == Kind.NULL ? "nothing" : "'" + value + "'";
        }

        /** True for {@code ~}, {@code null} or an empty value. */
        public boolean isNull() {
            return kind == Kind.NULL;
        }
    }

    /**
     * One key of a mapping.
     *
     * @param key the key text
     * @param keyLocation where the key is written
     * @param value its value
     */
    record Entry(String key, Location keyLocation, YNode value) {
    }

    /**
     * A mapping, keys in file order and unique.
     *
     * @param entries the entries
     * @param location where it starts
     */
    record Mapping(List<Entry> entries, Location location) implements YNode {
        /** Copies the list. */
        public Mapping {
            entries = List.copyOf(entries);
        }

        /** The entry for {@code key}, if present. */
        public Optional<Entry> get(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).findFirst();
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /**
     * A list.
     *
     * @param items the items in order
     * @param location where it starts
     */
    record Sequence(List<YNode> items, Location location) implements YNode {
        /** Copies the list. */
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }
}
