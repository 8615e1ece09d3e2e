package dev.buildline.common.config.versions;

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
 * DevSpace's v1beta9 to v1beta10 step for images (v1beta9/upgrade.go:29-51): {@code tagsAppendRandom: true} appends
 * {@code -#####} to every tag; {@code preferSyncOverRebuild: true} becomes {@code rebuildStrategy:
 * ignoreContextChanges} only when some {@code dev.sync[*].imageName} is the image's key, and is dropped otherwise.
 */
final class V1beta9ToV1beta10 {

    static final String RANDOM_SUFFIX = "-#####";

    private V1beta9ToV1beta10() {
    }

    static MappingNode upgrade(MappingNode root) {
        Map<String, Entry> top = Nodes.fields(root);
        MappingNode images = Nodes.mapping(top, "images");
        if (images == null) {
            return root;
        }
        List<String> synced = syncedImageNames(Nodes.mapping(top, "dev"));
        Nodes.Builder upgraded = new Nodes.Builder(images);
        for (Entry entry : Nodes.fields(images).values()) {
            Node value = entry.value() instanceof MappingNode image ? image(entry.name(), image, synced) : entry.value();
            upgraded.put(entry.name(), entry.key(), value);
        }
        Entry imagesEntry = top.get("images");
        return Nodes.with(root, "images", imagesEntry.key(), upgraded.build());
    }

    private static MappingNode image(String key, MappingNode image, List<String> synced) {
        Map<String, Entry> fields = Nodes.fields(image);
        MappingNode result = image;
        Entry tags = fields.get("tags");
        if (Nodes.isTrue(fields, "tagsAppendRandom") && tags != null && tags.value() instanceof SequenceNode list) {
            List<Node> appended = new ArrayList<>();
            for (Node tag : list.getValue()) {
                appended.add(tag instanceof ScalarNode scalar && !YamlTree.isNull(scalar)
                        ? Nodes.string(scalar.getValue() + RANDOM_SUFFIX, scalar) : tag);
            }
            result = Nodes.with(result, "tags", tags.key(), Nodes.sequence(appended, list));
        }
        Entry prefer = fields.get("preferSyncOverRebuild");
        if (Nodes.isTrue(fields, "preferSyncOverRebuild") && synced.contains(key)) {
            result = Nodes.with(result, "rebuildStrategy", prefer.key(),
                    Nodes.string("ignoreContextChanges", prefer.value()));
        }
        return OmitEmpty.lists(Nodes.without(result, "tagsAppendRandom", "preferSyncOverRebuild"));
    }

    private static List<String> syncedImageNames(MappingNode dev) {
        Entry sync = Nodes.fields(dev).get("sync");
        List<String> names = new ArrayList<>();
        if (sync != null && sync.value() instanceof SequenceNode list) {
            for (Node item : list.getValue()) {
                Entry imageName = Nodes.fields(item).get("imageName");
                if (imageName != null && imageName.value() instanceof ScalarNode scalar) {
                    names.add(scalar.getValue());
                }
            }
        }
        return names;
    }
}
