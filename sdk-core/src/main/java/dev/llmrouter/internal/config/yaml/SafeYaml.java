package dev.llmrouter.internal.config.yaml;

import dev.llmrouter.internal.config.Location;
import dev.llmrouter.internal.config.Problems;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads one YAML document as plain data, safely: SnakeYAML only composes nodes (nothing is ever
 * constructed, so no type named in the file is instantiated), every tag written in the text is
 * refused (on values and keys, {@code !!str} included: configuration is plain data),
 * the document size, nesting depth and number of aliases are capped, and the expanded tree is
 * capped again while it is walked (an alias bomb fails fast with a clear error). Duplicate keys
 * are an error naming both lines. Merge keys ({@code <<: *base}) are applied. Every problem names
 * file, line and column. Thread-safe (static helpers; each call uses its own parser).
 */
public final class SafeYaml {
    /** The largest document accepted, in code points (configurations are small; 3 MiB is generous). */
    public static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
    /** The most aliases of collections one document may use. */
    public static final int MAX_COLLECTION_ALIASES = 25;
    /** The most nodes the expanded tree may hold. */
    public static final int MAX_NODES = 100_000;
    private static final int MAX_DEPTH = 64;
    /**
     * The most characters the document's scalars may add up to once aliases are expanded: the size
     * limit of the text itself. Without it a 1 MB scalar aliased 2,000 times is 2 GB of values.
     */
    public static final long MAX_EXPANDED_CHARS = MAX_CODE_POINTS;
    private static final Set<Tag> DATA_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP,
            Tag.MAP, Tag.SEQ);

    private final String file;
    private final Problems problems;
    private int nodes;
    private long chars;

    private SafeYaml(String file, Problems problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * The document's root mapping (empty for an empty document), or empty when the text is not
     * usable YAML; the reasons are added to {@code problems}.
     */
    public static Optional<YNode.Mapping> parse(String text, String file, Problems problems) {
        return new SafeYaml(file, problems).run(text);
    }

    private Optional<YNode.Mapping> run(String text) {
        if (text.length() > MAX_CODE_POINTS && text.codePointCount(0, text.length()) > MAX_CODE_POINTS) {
            problems.errorAt(new Location(file, 1, 1), limitMessage("exceeds the limit"), limitHint("size"));
            return Optional.empty();
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(true); // detected below, with both lines
        options.setProcessComments(false);
        TrackingParser parser = new TrackingParser(new ParserImpl(new StreamReader(new StringReader(text)), options));
        Node root;
        try {
            root = new Composer(parser, new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.errorAt(at(m), yamlMessage(e.getProblem() != null ? e.getProblem() : e.getMessage(), e.getContext()),
                    hintFor(e.getProblem()));
            return Optional.empty();
        } catch (YAMLException e) {
            problems.errorAt(parser.lastMark == null ? Location.of(file) : at(parser.lastMark), limitMessage(e.getMessage()),
                    limitHint(e.getMessage()));
            return Optional.empty();
        }
        if (!parser.explicitTags.isEmpty()) {
            for (ExplicitTag t : parser.explicitTags) {
                problems.errorAt(at(t.at()), "tag '" + shown(t.tag()) + "' is not allowed",
                        "configuration is plain data; remove the tag");
            }
            return Optional.empty();
        }
        if (root == null) {
            return Optional.of(new YNode.Mapping(List.of(), new Location(file, 1, 1)));
        }
        YNode tree;
        try {
            tree = convert(root, 0);
        } catch (TooLarge e) {
            problems.errorAt(e.at, e.values ? "the document expands to more than " + MAX_NODES + " values through aliases"
                            : "the document expands to more than " + MAX_EXPANDED_CHARS + " characters through aliases",
                    "aliases are limited to stop alias bombs; write the values out");
            return Optional.empty();
        }
        if (tree instanceof YNode.Mapping m) {
            return Optional.of(m);
        }
        if (tree instanceof YNode.Scalar s && s.isNull()) {
            return Optional.of(new YNode.Mapping(List.of(), s.location()));
        }
        problems.errorAt(tree.location(), "the document is " + tree.describe() + ", not a mapping of settings",
                "start with top-level keys such as providers: and models:");
        return Optional.empty();
    }

    private YNode convert(Node node, int depth) {
        Location loc = at(node.getStartMark());
        if (++nodes > MAX_NODES || depth > MAX_DEPTH * 4) {
            throw new TooLarge(loc, true);
        }
        checkTag(node, loc);
        if (node instanceof ScalarNode s) {
            chars += s.getValue().length();
            if (chars > MAX_EXPANDED_CHARS) {
                throw new TooLarge(loc, false);
            }
            return new YNode.Scalar(s.getValue(), kind(s), loc);
        }
        if (node instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>();
            for (Node item : seq.getValue()) {
                items.add(convert(item, depth + 1));
            }
            return new YNode.Sequence(items, loc);
        }
        return mapping((MappingNode) node, loc, depth);
    }

    private YNode.Mapping mapping(MappingNode node, Location loc, int depth) {
        Map<String, YNode.Entry> seen = new HashMap<>();
        List<YNode.Entry> entries = new ArrayList<>();
        List<Node> merges = new ArrayList<>();
        for (NodeTuple t : node.getValue()) {
            Node k = t.getKeyNode();
            Location kloc = at(k.getStartMark());
            if (k.getTag().equals(Tag.MERGE)) {
                merges.add(t.getValueNode());
                continue;
            }
            if (!(k instanceof ScalarNode ks)) {
                problems.errorAt(kloc, "a key must be a plain name, not a mapping or list", "write the key as text");
                continue;
            }
            String key = ks.getValue();
            YNode.Entry first = seen.get(key);
            if (first != null) {
                problems.errorAt(kloc, "duplicate key '" + key + "' (first at line " + first.keyLocation().line() + ")",
                        "keep one of the two; YAML does not merge repeated keys");
                continue;
            }
            YNode.Entry e = new YNode.Entry(key, kloc, convert(t.getValueNode(), depth + 1));
            seen.put(key, e);
            entries.add(e);
        }
        for (Node merge : merges) {
            for (Node source : merge instanceof SequenceNode s ? s.getValue() : List.of(merge)) {
                if (!(convert(source, depth + 1) instanceof YNode.Mapping m)) {
                    problems.errorAt(at(source.getStartMark()), "a merge key (<<) must name a mapping",
                            "write <<: *anchor where the anchor is a mapping");
                    continue;
                }
                for (YNode.Entry e : m.entries()) {
                    if (!seen.containsKey(e.key())) {
                        seen.put(e.key(), e);
                        entries.add(e);
                    }
                }
            }
        }
        return new YNode.Mapping(entries, loc);
    }

    private void checkTag(Node node, Location loc) {
        // written tags were refused from the parser's events; this catches a resolver that ever yields another
        Tag tag = node.getTag();
        if (!DATA_TAGS.contains(tag)) {
            problems.errorAt(loc, "tag '" + shown(tag.getValue()) + "' is not allowed", "configuration is plain data; remove the tag");
        }
    }

    private static String shown(String tag) {
        return tag.startsWith(Tag.PREFIX) ? "!!" + tag.substring(Tag.PREFIX.length()) : tag;
    }

    private static YNode.Kind kind(ScalarNode s) {
        Tag t = s.getTag();
        if (t.equals(Tag.NULL)) {
            return YNode.Kind.NULL;
        }
        if (t.equals(Tag.INT)) {
            return YNode.Kind.INT;
        }
        if (t.equals(Tag.FLOAT)) {
            return YNode.Kind.FLOAT;
        }
        if (t.equals(Tag.BOOL)) {
            return YNode.Kind.BOOL;
        }
        return YNode.Kind.STRING;
    }

    private Location at(Mark m) {
        return m == null ? Location.of(file) : new Location(file, m.getLine() + 1, m.getColumn() + 1);
    }

    private static String yamlMessage(String problem, String context) {
        String p = problem == null ? "malformed YAML" : problem.trim();
        if (p.startsWith("Global tag is not allowed")) {
            String tag = p.substring(p.indexOf(':') + 1).trim();
            if (tag.startsWith(Tag.PREFIX)) {
                tag = "!!" + tag.substring(Tag.PREFIX.length());
            }
            return "tag '" + tag + "' is not allowed";
        }
        return "malformed YAML: " + p + (context == null ? "" : " (" + context.trim() + ")");
    }

    private static String hintFor(String problem) {
        if (problem != null && problem.startsWith("Global tag is not allowed")) {
            return "configuration is plain data; remove the tag";
        }
        return "check indentation, quoting and that every ':' is followed by a space";
    }

    private static String limitMessage(String message) {
        String m = message == null ? "" : message;
        if (m.contains("aliases")) {
            return "too many aliases: more than " + MAX_COLLECTION_ALIASES + " aliases of lists or mappings";
        }
        if (m.contains("exceeds the limit")) {
            return "the document is larger than " + MAX_CODE_POINTS + " characters";
        }
        if (m.contains("Nesting Depth")) {
            return "the document is nested deeper than " + MAX_DEPTH + " levels";
        }
        return "unreadable YAML: " + m;
    }

    private static String limitHint(String message) {
        String m = message == null ? "" : message;
        return m.contains("aliases") ? "aliases are limited to stop alias bombs; write the values out"
                : "a router configuration is small; check that this is the right file";
    }

    /** Remembers where the last event started, for errors SnakeYAML reports without a place. */
    private record ExplicitTag(String tag, Mark at) {
    }

    private static final class TrackingParser implements Parser {
        private final Parser delegate;
        private Mark lastMark;
        // every tag written in the text, on values and keys alike (resolved tags never appear here)
        private final List<ExplicitTag> explicitTags = new ArrayList<>();

        TrackingParser(Parser delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            return delegate.peekEvent();
        }

        @Override
        public Event getEvent() {
            Event e = delegate.getEvent();
            if (e != null) {
                lastMark = e.getStartMark();
                String tag = e instanceof ScalarEvent sc ? sc.getTag()
                        : e instanceof CollectionStartEvent cs ? cs.getTag() : null;
                if (tag != null) {
                    explicitTags.add(new ExplicitTag(tag, e.getStartMark()));
                }
            }
            return e;
        }
    }

    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Location at;
        private final boolean values;

        /** {@code values}: too many values, else too many characters. */
        TooLarge(Location at, boolean values) {
            super(null, null, false, false);
            this.at = at;
            this.values = values;
        }
    }
}
