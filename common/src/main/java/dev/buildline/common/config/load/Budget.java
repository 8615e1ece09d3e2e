package dev.buildline.common.config.load;

import org.yaml.snakeyaml.nodes.Node;

/**
 * How many YAML nodes one load may create, across the file, its imports, profiles and variable values. SnakeYAML
 * limits aliases to {@value dev.buildline.common.config.YamlTree#MAX_ALIASES}, but even that many can double a
 * list at every level; expanding them (as DevSpace's decode into maps does) is where a bomb would go off.
 */
final class Budget {

    private int remaining;

    Budget(int nodes) {
        this.remaining = nodes;
    }

    void spend(String path) {
        if (--remaining < 0) {
            throw new Nodes.TooLargeException(path, "the configuration expands to more than " + Nodes.MAX_NODES
                    + " YAML nodes once aliases, imports, profiles and variables are resolved; such documents can "
                    + "expand without bound");
        }
    }

    /** An alias-free copy of {@code node}, counted against this budget. */
    Node copy(Node node) {
        return Nodes.expand(node, this, "");
    }
}
