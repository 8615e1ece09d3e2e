package dev.buildline.common.config.load;

import dev.buildline.common.config.ConfigProblem;
import dev.buildline.common.config.InvalidConfigException;
import dev.buildline.common.config.YamlTree;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Loading stops at its first problem, as DevSpace's loader does; the problem names its YAML path and line. */
final class Problems {

    private Problems() {
    }

    static InvalidConfigException at(String path, Node node, String message) {
        String line = node == null || YamlTree.line(node) == 0 ? "" : " (" + YamlTree.where(node) + ")";
        return new InvalidConfigException(List.of(new ConfigProblem(path, message + line)));
    }
}
