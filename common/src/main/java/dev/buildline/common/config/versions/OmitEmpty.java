package dev.buildline.common.config.versions;

import dev.buildline.common.config.YamlTree.Entry;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The v1beta9 and v1beta10 steps copy the config through a YAML round trip whose fields are {@code omitempty}
 * (versions/util/convert.go), so an empty {@code entrypoint: []} or {@code cmd: []} comes out unset. That matters:
 * an empty but set entrypoint writes {@code ENTRYPOINT []} into the Dockerfile when cmd is overridden, an unset one
 * writes nothing. The v1beta11 step copies those fields directly and keeps them.
 */
final class OmitEmpty {

    private OmitEmpty() {
    }

    static MappingNode lists(MappingNode image) {
        Map<String, Entry> fields = Nodes.fields(image);
        MappingNode result = image;
        for (String name : new String[] {"entrypoint", "cmd"}) {
            Node value = fields.containsKey(name) ? fields.get(name).value() : null;
            if (value instanceof SequenceNode list && list.getValue().isEmpty()) {
                result = Nodes.without(result, name);
            }
        }
        return result;
    }

    /** The v1beta10 to v1beta11 step changes no image field; its round trip still drops empty lists. */
    static MappingNode v1beta10ToV1beta11(MappingNode root) {
        Map<String, Entry> top = Nodes.fields(root);
        MappingNode images = Nodes.mapping(top, "images");
        if (images == null) {
            return root;
        }
        Nodes.Builder upgraded = new Nodes.Builder(images);
        for (Entry entry : Nodes.fields(images).values()) {
            upgraded.put(entry.name(), entry.key(),
                    entry.value() instanceof MappingNode image ? lists(image) : entry.value());
        }
        return Nodes.with(root, "images", top.get("images").key(), upgraded.build());
    }
}
