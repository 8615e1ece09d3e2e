package dev.buildline.common.policy;

import dev.buildline.common.config.YamlTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reading the operator's settings files: each wrong value is an {@link InvalidPolicySettingsException} naming it. */
final class SettingsNodes {

    private SettingsNodes() {
    }

    static boolean absent(Node node) {
        return node == null || YamlTree.isNull(node);
    }

    /** The fields of a mapping, each one known. */
    static Map<String, Node> fields(Node node, String where, Set<String> known) {
        if (!(node instanceof MappingNode mapping)) {
            throw new InvalidPolicySettingsException(where + ": expected a mapping, found " + YamlTree.kind(node));
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = key(tuple, where);
            if (!known.contains(key)) {
                throw new InvalidPolicySettingsException(where + "." + key + ": unknown field (known: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
            fields.put(key, tuple.getValueNode());
        }
        return fields;
    }

    static String key(NodeTuple tuple, String where) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
            throw new InvalidPolicySettingsException(where + ": keys must be plain names");
        }
        return key.getValue();
    }

    static String scalar(Node node, String where) {
        if (absent(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw new InvalidPolicySettingsException(where + ": expected a single value, found " + YamlTree.kind(node));
        }
        return scalar.getValue().strip();
    }

    static List<String> strings(Node node, String where) {
        if (absent(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode list)) {
            throw new InvalidPolicySettingsException(where + ": expected a list, found " + YamlTree.kind(node));
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            String item = scalar(list.getValue().get(i), where + "[" + i + "]");
            if (item == null || item.isEmpty()) {
                throw new InvalidPolicySettingsException(where + "[" + i + "]: is empty");
            }
            items.add(item);
        }
        return items;
    }
}
