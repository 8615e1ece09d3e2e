package dev.buildline.common.config.versions;

import dev.buildline.common.config.ConfigProblem;
import dev.buildline.common.config.YamlTree;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The problems and warnings found while loading one devspace.yaml, each as {@code <path>: <message> (line N)}.
 * Paths name what the user wrote: when the upgrade moved a value (a v1beta11 {@code build.buildKit.options.target}
 * becomes {@code target}), a message about it names the path in the file, and the line is the value's own.
 */
public final class Findings {

    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<Node, Moved> moved = new IdentityHashMap<>();

    public void problem(String path, Node node, String message) {
        problems.add(new ConfigProblem(written(path, node), message + at(node)));
    }

    public void warn(String path, Node node, String message) {
        warnings.add(written(path, node) + ": " + message + at(node));
    }

    public List<ConfigProblem> problems() {
        return problems;
    }

    public List<String> warnings() {
        return warnings;
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /**
     * Records that {@code node} and everything below it now sit at {@code convertedPath} but were written at
     * {@code writtenPath}. Later records win, so a step records a whole image first and the values it moves after.
     */
    void moved(Node node, String convertedPath, String writtenPath) {
        moved(node, convertedPath, writtenPath, 0);
    }

    private void moved(Node node, String convertedPath, String writtenPath, int depth) {
        if (node == null || convertedPath.equals(writtenPath) || depth > YamlTree.MAX_DEPTH) {
            return;
        }
        moved.put(node, new Moved(convertedPath, writtenPath));
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                String name = tuple.getKeyNode() instanceof ScalarNode key ? key.getValue() : "?";
                moved(tuple.getKeyNode(), convertedPath + "." + name, writtenPath + "." + name, depth + 1);
                moved(tuple.getValueNode(), convertedPath + "." + name, writtenPath + "." + name, depth + 1);
            }
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                moved(items.get(i), convertedPath + "[" + i + "]", writtenPath + "[" + i + "]", depth + 1);
            }
        }
    }

    private String written(String path, Node node) {
        Moved origin = node == null ? null : moved.get(node);
        if (origin == null || !path.startsWith(origin.convertedPath())) {
            return path;
        }
        return origin.writtenPath() + path.substring(origin.convertedPath().length());
    }

    private static String at(Node node) {
        return node == null || YamlTree.line(node) == 0 ? "" : " (" + YamlTree.where(node) + ")";
    }

    private record Moved(String convertedPath, String writtenPath) {
    }
}
