package dev.buildline.common.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * devspace.yaml as SnakeYAML's node graph: scalars keep the text as written (so {@code tags: [1.10]} stays
 * {@code 1.10}, as Go's yaml.v3 reads it into a string), every node knows its line, and the limits that keep a
 * hostile document cheap (size, nesting depth, aliases) are enforced while reading.
 */
public final class YamlTree {

    public static final int MAX_CODE_POINTS = 1024 * 1024;
    public static final int MAX_DEPTH = 64;
    public static final int MAX_ALIASES = 50;
    private static final int MAX_MERGE_DEPTH = 16;

    private YamlTree() {
    }

    /** The single document's root, or null for an empty document. */
    public static Node read(String text) {
        return composer(text).getSingleNode();
    }

    /**
     * The first document's root, or null for an empty stream: DevSpace decodes devspace.yaml with one
     * {@code yaml.Unmarshal}, which reads the first document and ignores the rest.
     */
    public static Node readFirst(String text) {
        Composer composer = composer(text);
        return composer.checkNode() ? composer.getNode() : null;
    }

    private static Composer composer(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(true); // reported by Reader with their paths
        return new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options), new Resolver(), options);
    }

    /** The message of a YAML error with its line, without SnakeYAML's quoted excerpt. */
    public static String describe(YAMLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Nesting Depth exceeded")) {
            return "nested more than " + MAX_DEPTH + " levels deep";
        }
        if (message.contains("Number of aliases")) {
            return "more than " + MAX_ALIASES + " aliases to lists or mappings; such documents can expand without bound";
        }
        if (message.contains("code points")) {
            return "more than " + MAX_CODE_POINTS + " characters";
        }
        if (e instanceof MarkedYAMLException marked) {
            Mark mark = marked.getProblemMark() != null ? marked.getProblemMark() : marked.getContextMark();
            String problem = marked.getProblem() != null ? marked.getProblem() : marked.getContext();
            return problem + (mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")");
        }
        return message;
    }

    /**
     * "line N", or "FILE line N" for a node the loader brought in from an imported file (its mark names the file;
     * SnakeYAML names the file it read itself {@code 'reader'}).
     */
    public static String where(Node node) {
        String name = node.getStartMark() == null ? null : node.getStartMark().getName();
        return (name == null || name.startsWith("'") ? "" : name + " ") + "line " + line(node);
    }

    public static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    public static boolean isNull(Node node) {
        return node == null || node.getTag().equals(Tag.NULL);
    }

    /** A scalar's text exactly as written. */
    public static String text(Node node) {
        return ((ScalarNode) node).getValue();
    }

    public static String kind(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        Tag tag = node.getTag();
        if (tag.equals(Tag.BOOL)) {
            return "a boolean";
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "a number";
        }
        return "a string";
    }

    /**
     * The entries of a mapping in document order, with YAML merge keys ({@code <<: *defaults}) applied the way
     * YAML 1.1 defines them: keys written here win over merged ones, earlier merged mappings over later ones.
     * Duplicate keys written in this mapping are returned in {@code duplicates}.
     */
    public static Map<String, Entry> entries(MappingNode mapping, List<Entry> duplicates) {
        return entries(mapping, duplicates, 0);
    }

    private static Map<String, Entry> entries(MappingNode mapping, List<Entry> duplicates, int depth) {
        Map<String, Entry> own = new LinkedHashMap<>();
        List<MappingNode> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node key = tuple.getKeyNode();
            Node value = tuple.getValueNode();
            if (key.getTag().equals(Tag.MERGE)) {
                if (value instanceof MappingNode m) {
                    merged.add(m);
                } else if (value instanceof SequenceNode s) {
                    s.getValue().stream().filter(MappingNode.class::isInstance).map(MappingNode.class::cast)
                            .forEach(merged::add);
                }
                continue;
            }
            String name = key instanceof ScalarNode scalar ? scalar.getValue() : "<" + kind(key) + ">";
            Entry entry = new Entry(name, key, value);
            if (own.putIfAbsent(name, entry) != null) {
                duplicates.add(entry);
            }
        }
        if (merged.isEmpty() || depth >= MAX_MERGE_DEPTH) {
            return own;
        }
        Map<String, Entry> result = new LinkedHashMap<>();
        for (MappingNode source : merged) {
            entries(source, new ArrayList<>(), depth + 1).forEach(result::putIfAbsent);
        }
        own.forEach(result::put);
        return result;
    }

    public record Entry(String name, Node key, Node value) {
    }
}
