package dev.buildline.common.config.versions;

import dev.buildline.common.config.YamlTree;
import dev.buildline.common.config.YamlTree.Entry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions.FlowStyle;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Small edits on SnakeYAML's node graph for the upgrade steps. New nodes take the start mark of the value they come
 * from, so a message about them still points at the line the user wrote.
 */
final class Nodes {

    private Nodes() {
    }

    /** A mapping's entries by name, YAML merge keys applied; duplicates are left for the validation to report. */
    static Map<String, Entry> fields(Node node) {
        return node instanceof MappingNode mapping ? YamlTree.entries(mapping, new ArrayList<>()) : Map.of();
    }

    /** The value at {@code name} when it is a non-null mapping, else null (Go's nil pointer). */
    static MappingNode mapping(Map<String, Entry> fields, String name) {
        Entry entry = fields.get(name);
        return entry != null && entry.value() instanceof MappingNode mapping ? mapping : null;
    }

    static boolean present(Map<String, Entry> fields, String name) {
        Entry entry = fields.get(name);
        return entry != null && !YamlTree.isNull(entry.value());
    }

    /** True for a boolean scalar that says true, as yaml.v3 reads it into a bool. */
    static boolean isTrue(Map<String, Entry> fields, String name) {
        Entry entry = fields.get(name);
        return entry != null && entry.value() instanceof ScalarNode scalar && scalar.getTag().equals(Tag.BOOL)
                && List.of("true", "yes", "on").contains(scalar.getValue().toLowerCase(java.util.Locale.ROOT));
    }

    static ScalarNode string(String value, Node at) {
        return new ScalarNode(Tag.STR, value, at.getStartMark(), at.getEndMark(), ScalarStyle.PLAIN);
    }

    static ScalarNode bool(boolean value, Node at) {
        return new ScalarNode(Tag.BOOL, String.valueOf(value), at.getStartMark(), at.getEndMark(), ScalarStyle.PLAIN);
    }

    static SequenceNode sequence(List<Node> items, Node at) {
        return new SequenceNode(Tag.SEQ, true, items, at.getStartMark(), at.getEndMark(), FlowStyle.BLOCK);
    }

    /** Builds a mapping in insertion order; each key node keeps the mark of the key it was copied from. */
    static final class Builder {
        private final Map<String, NodeTuple> tuples = new LinkedHashMap<>();
        private final Node at;

        Builder(Node at) {
            this.at = at;
        }

        /** Copies {@code from.name} here under the same name, when it is written. */
        Builder copy(Map<String, Entry> from, String name) {
            return copy(from, name, name);
        }

        Builder copy(Map<String, Entry> from, String name, String as) {
            Entry entry = from.get(name);
            if (entry != null) {
                put(as, entry.key(), entry.value());
            }
            return this;
        }

        /** The key node is {@code keyAt} itself when it already says {@code name}, else a new one at its mark. */
        Builder put(String name, Node keyAt, Node value) {
            Node key = keyAt instanceof ScalarNode scalar && scalar.getValue().equals(name) ? keyAt : string(name, keyAt);
            tuples.put(name, new NodeTuple(key, value));
            return this;
        }

        Node keyNode(String name) {
            return tuples.get(name).getKeyNode();
        }

        boolean has(String name) {
            return tuples.containsKey(name);
        }

        MappingNode build() {
            return new MappingNode(Tag.MAP, true, new ArrayList<>(tuples.values()), at.getStartMark(), at.getEndMark(),
                    FlowStyle.BLOCK);
        }
    }

    /** The same mapping with the entry {@code name} set to {@code value} (replaced in place, or appended). */
    static MappingNode with(MappingNode mapping, String name, Node keyAt, Node value) {
        Builder builder = new Builder(mapping);
        boolean replaced = false;
        for (Entry entry : fields(mapping).values()) {
            if (entry.name().equals(name)) {
                builder.put(name, entry.key(), value);
                replaced = true;
            } else {
                builder.put(entry.name(), entry.key(), entry.value());
            }
        }
        if (!replaced) {
            builder.put(name, keyAt, value);
        }
        return builder.build();
    }

    /** The same mapping without the entries named. */
    static MappingNode without(MappingNode mapping, String... names) {
        Builder builder = new Builder(mapping);
        List<String> drop = List.of(names);
        fields(mapping).values().stream().filter(entry -> !drop.contains(entry.name()))
                .forEach(entry -> builder.put(entry.name(), entry.key(), entry.value()));
        return builder.build();
    }
}
