package dev.buildline.common.config.versions;

import dev.buildline.common.config.ImageReference;
import dev.buildline.common.config.YamlTree;
import dev.buildline.common.config.YamlTree.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * DevSpace's adjustConfig for images (versions/adjust.go:84-94), run on every version after the upgrade: an empty
 * entry ({@code images: {x: }}) is dropped; a tag written inside {@code image} moves to the front of {@code tags} and
 * the name loses Docker Hub's {@code docker.io/} and {@code library/} (pkg/util/dockerfile/get.go:16-42). A name
 * without a tag is left as written, a digest too (the validation then names it).
 */
final class AdjustConfig {

    private AdjustConfig() {
    }

    static MappingNode images(MappingNode root, Findings findings) {
        Map<String, Entry> top = Nodes.fields(root);
        MappingNode images = Nodes.mapping(top, "images");
        if (images == null) {
            return root;
        }
        Nodes.Builder adjusted = new Nodes.Builder(images);
        for (Entry entry : Nodes.fields(images).values()) {
            if (YamlTree.isNull(entry.value())) {
                findings.warn("images." + entry.name(), entry.key(), "is empty, so DevSpace leaves it out; not built");
                continue;
            }
            Node value = entry.value() instanceof MappingNode image ? moveTag(image) : entry.value();
            adjusted.put(entry.name(), entry.key(), value);
        }
        return Nodes.with(root, "images", top.get("images").key(), adjusted.build());
    }

    private static MappingNode moveTag(MappingNode image) {
        Map<String, Entry> fields = Nodes.fields(image);
        Entry name = fields.get("image");
        if (name == null || !(name.value() instanceof ScalarNode scalar) || YamlTree.isNull(scalar)) {
            return image;
        }
        ImageReference.Tagged tagged = ImageReference.tagged(scalar.getValue());
        Entry tags = fields.get("tags");
        if (tagged == null || tags != null && !YamlTree.isNull(tags.value()) && !(tags.value() instanceof SequenceNode)) {
            return image;
        }
        List<Node> merged = new ArrayList<>();
        merged.add(Nodes.string(tagged.tag(), scalar));
        if (tags != null && tags.value() instanceof SequenceNode list) {
            merged.addAll(list.getValue());
        }
        MappingNode result = Nodes.with(image, "image", name.key(), Nodes.string(tagged.name(), scalar));
        return Nodes.with(result, "tags", name.key(), Nodes.sequence(merged, tags == null ? scalar : tags.value()));
    }
}
