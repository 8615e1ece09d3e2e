package dev.buildline.common.config.load;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * RFC 7386 JSON merge patch on YAML trees, as a profile's {@code merge} applies it (loader/profile.go applyMerge):
 * a mapping merges key by key, {@code null} deletes a key, anything else (lists too) replaces. DevSpace merges
 * through JSON, so afterwards every number in the whole config is a float64 and prints as Go prints one
 * ({@code 1000000} becomes {@code 1e+06}); {@link #asJsonNumbers} does the same.
 */
final class JsonMergePatch {

    private JsonMergePatch() {
    }

    static Node merge(Node target, Node patch, Budget budget) {
        if (!(patch instanceof MappingNode patchMap)) {
            return budget.copy(patch);
        }
        MappingNode result = target instanceof MappingNode map ? map : Nodes.mapping(patch.getStartMark());
        for (NodeTuple tuple : patchMap.getValue()) {
            String key = Nodes.keyOf(tuple);
            if (key == null) {
                continue;
            }
            if (Nodes.isNull(tuple.getValueNode())) {
                Nodes.remove(result, key);
            } else {
                Nodes.put(result, key, merge(Nodes.get(result, key), tuple.getValueNode(), budget));
            }
        }
        return result;
    }

    /** Every integer or float scalar becomes the text of the float64 JSON decodes it into. */
    static Node asJsonNumbers(Node node) {
        if (node instanceof ScalarNode scalar) {
            Tag tag = GoValues.goTag(scalar);
            if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
                return Nodes.scalar(Tag.FLOAT, GoValues.floatText(scalar.getValue()), scalar.getStartMark());
            }
            return scalar;
        }
        if (node instanceof SequenceNode seq) {
            seq.getValue().replaceAll(JsonMergePatch::asJsonNumbers);
        } else if (node instanceof MappingNode map) {
            List<NodeTuple> tuples = new ArrayList<>();
            for (NodeTuple tuple : map.getValue()) {
                tuples.add(new NodeTuple(tuple.getKeyNode(), asJsonNumbers(tuple.getValueNode())));
            }
            map.setValue(tuples);
        }
        return node;
    }
}
