package dev.llmrouter.internal.config.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the roots of several files, in order: mappings merge key by key, recursively; any other
 * value (a scalar, a list) from a later file replaces the earlier one. That lets the seed's
 * {@code providers.yaml} + {@code model-mappings.yaml} split, and a base file plus a local
 * override, both work. Every value keeps the place it came from. Thread-safe (static helpers).
 */
public final class NodeMerger {
    private NodeMerger() {
    }

    /** The roots merged in order; the first root's location stands for the result. */
    public static YNode.Mapping merge(List<YNode.Mapping> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("nothing to merge");
        }
        YNode.Mapping out = roots.get(0);
        for (int i = 1; i < roots.size(); i++) {
            out = merge(out, roots.get(i));
        }
        return out;
    }

    private static YNode.Mapping merge(YNode.Mapping base, YNode.Mapping over) {
        Map<String, YNode.Entry> entries = new LinkedHashMap<>();
        for (YNode.Entry e : base.entries()) {
            entries.put(e.key(), e);
        }
        for (YNode.Entry e : over.entries()) {
            YNode.Entry old = entries.get(e.key());
            if (old != null && old.value() instanceof YNode.Mapping a && e.value() instanceof YNode.Mapping b) {
                entries.put(e.key(), new YNode.Entry(e.key(), old.keyLocation(), merge(a, b)));
            } else {
                entries.put(e.key(), e);
            }
        }
        return new YNode.Mapping(new ArrayList<>(entries.values()), base.location());
    }
}
