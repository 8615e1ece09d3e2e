package dev.buildline.common.config.load;

import dev.buildline.common.config.YamlTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The loading stages work on plain trees: every alias expanded into its own copy (DevSpace decodes into maps, so a
 * patch on one alias occurrence changes only that one) and merge keys applied. Copying counts nodes, so a document
 * whose aliases double at every level (within SnakeYAML's alias limit, yet exponential once expanded) is refused
 * instead of filling memory. Copies keep the original start marks, so messages still name their line.
 */
final class Nodes {

    /** Enough for any real devspace.yaml (the largest DevSpace example expands to a few thousand nodes). */
    static final int MAX_NODES = 200_000;

    private Nodes() {
    }

    /** Raised when a load would create more than {@link #MAX_NODES} nodes; names where it happened. */
    static final class TooLargeException extends RuntimeException {
        private final String path;

        TooLargeException(String path, String message) {
            super(message);
            this.path = path;
        }

        String path() {
            return path;
        }
    }

    /** An expanded copy of {@code node} at {@code path}, each node counted against the budget. */
    static Node expand(Node node, Budget budget, String path) {
        return expand(node, budget, path, null);
    }

    /**
     * An expanded copy whose marks name {@code source} (an imported file), so that a message about one of its
     * nodes can say which file its line is in; null keeps the marks as they are.
     */
    static Node expand(Node node, Budget budget, String path, String source) {
        if (node == null) {
            return null;
        }
        budget.spend(path);
        Mark start = named(node.getStartMark(), source);
        Mark end = named(node.getEndMark(), source);
        if (node instanceof ScalarNode scalar) {
            budget.spendChars(scalar.getValue().length(), path);
            return new ScalarNode(scalar.getTag(), scalar.getValue(), start, end, scalar.getScalarStyle());
        }
        if (node instanceof SequenceNode sequence) {
            List<Node> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(expand(item, budget, path + "[" + items.size() + "]", source));
            }
            return new SequenceNode(sequence.getTag(), true, items, start, end, sequence.getFlowStyle());
        }
        MappingNode mapping = (MappingNode) node;
        List<NodeTuple> tuples = new ArrayList<>();
        List<YamlTree.Entry> duplicates = new ArrayList<>();
        Map<String, YamlTree.Entry> entries = YamlTree.entries(mapping, duplicates);
        for (YamlTree.Entry entry : entries.values()) {
            tuples.add(new NodeTuple(key(entry.key(), source), expand(entry.value(), budget, join(path, entry.name()),
                    source)));
        }
        for (YamlTree.Entry duplicate : duplicates) { // kept, so validation still reports them with their paths
            tuples.add(new NodeTuple(key(duplicate.key(), source), expand(duplicate.value(), budget,
                    join(path, duplicate.name()), source)));
        }
        return new MappingNode(mapping.getTag(), true, tuples, start, end, mapping.getFlowStyle());
    }

    private static Mark named(Mark mark, String source) {
        if (mark == null || source == null) {
            return mark;
        }
        return new Mark(source, mark.getIndex(), mark.getLine(), mark.getColumn(), new int[0], 0);
    }

    private static Node key(Node key, String source) {
        return key instanceof ScalarNode s ? new ScalarNode(s.getTag(), s.getValue(), named(s.getStartMark(), source),
                named(s.getEndMark(), source), s.getScalarStyle()) : key;
    }

    /** The same node with another start mark (the top node only; its children are shared). */
    static Node marked(Node node, Mark mark) {
        if (mark == null || node == null) {
            return node;
        }
        if (node instanceof ScalarNode scalar) {
            return new ScalarNode(scalar.getTag(), scalar.getValue(), mark, mark, scalar.getScalarStyle());
        }
        if (node instanceof SequenceNode sequence) {
            return new SequenceNode(sequence.getTag(), true, sequence.getValue(), mark, mark, sequence.getFlowStyle());
        }
        MappingNode mapping = (MappingNode) node;
        return new MappingNode(mapping.getTag(), true, mapping.getValue(), mark, mark, mapping.getFlowStyle());
    }

    static boolean isNull(Node node) {
        return YamlTree.isNull(node);
    }

    static String keyOf(NodeTuple tuple) {
        return tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : null;
    }

    /** The value under a key of a mapping (the first, if written twice), or null. */
    static Node get(Node mapping, String key) {
        if (!(mapping instanceof MappingNode map)) {
            return null;
        }
        for (NodeTuple tuple : map.getValue()) {
            if (key.equals(keyOf(tuple))) {
                return tuple.getValueNode();
            }
        }
        return null;
    }

    static boolean has(Node mapping, String key) {
        return mapping instanceof MappingNode map && map.getValue().stream().anyMatch(t -> key.equals(keyOf(t)));
    }

    /** Sets a key of a mapping, in place of the existing entry or appended. */
    static void put(MappingNode mapping, String key, Node value) {
        List<NodeTuple> tuples = new ArrayList<>(mapping.getValue());
        for (int i = 0; i < tuples.size(); i++) {
            if (key.equals(keyOf(tuples.get(i)))) {
                tuples.set(i, new NodeTuple(tuples.get(i).getKeyNode(), value));
                mapping.setValue(tuples);
                return;
            }
        }
        tuples.add(new NodeTuple(string(key, value == null ? null : value.getStartMark()), value));
        mapping.setValue(tuples);
    }

    static void remove(MappingNode mapping, String key) {
        List<NodeTuple> tuples = new ArrayList<>(mapping.getValue());
        tuples.removeIf(t -> key.equals(keyOf(t)));
        mapping.setValue(tuples);
    }

    static MappingNode mapping(Mark mark) {
        return new MappingNode(Tag.MAP, true, new ArrayList<>(), mark, mark, DumperOptions.FlowStyle.AUTO);
    }

    static SequenceNode sequence(List<Node> items, Mark mark) {
        return new SequenceNode(Tag.SEQ, true, new ArrayList<>(items), mark, mark, DumperOptions.FlowStyle.AUTO);
    }

    static ScalarNode string(String value, Mark mark) {
        return new ScalarNode(Tag.STR, value, mark, mark, DumperOptions.ScalarStyle.PLAIN);
    }

    static ScalarNode scalar(Tag tag, String value, Mark mark) {
        return new ScalarNode(tag, value, mark, mark, DumperOptions.ScalarStyle.PLAIN);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
