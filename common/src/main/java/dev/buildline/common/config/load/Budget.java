package dev.buildline.common.config.load;

import org.yaml.snakeyaml.nodes.Node;

/**
 * How much one load may create, across the file, its imports, profiles and variable values: YAML nodes and the
 * characters of string values. SnakeYAML limits aliases to {@value dev.buildline.common.config.YamlTree#MAX_ALIASES},
 * but even that many can double a list at every level; expanding them (as DevSpace's decode into maps does) is where
 * a bomb would go off. Nodes alone do not bound a load: a 1.5 KB file whose variables each refer to the one before
 * ten times makes one string of 10^10 characters, so every character a load creates is counted too.
 */
final class Budget {

    /**
     * Characters of string values one load may create: four times the largest file ({@code ConfigParser.MAX_BYTES}),
     * so such a file still loads with its imports, profiles and variables; a few MB of heap at most.
     */
    static final int MAX_CHARS = 4 * 1024 * 1024;

    private int remaining;
    private long chars;

    Budget(int nodes) {
        this(nodes, MAX_CHARS);
    }

    Budget(int nodes, long chars) {
        this.remaining = nodes;
        this.chars = chars;
    }

    void spend(String path) {
        if (--remaining < 0) {
            throw new Nodes.TooLargeException(path, "the configuration expands to more than " + Nodes.MAX_NODES
                    + " YAML nodes once aliases, imports, profiles and variables are resolved; such documents can "
                    + "expand without bound");
        }
    }

    /** A string value of {@code length} characters created at {@code path} (a copied node, an import, a profile). */
    void spendChars(int length, String path) {
        chars -= length;
        if (chars < 0) {
            throw new Nodes.TooLargeException(path, "the configuration's string values come to more than " + MAX_CHARS
                    + " characters once aliases, imports, profiles and variables are resolved; such documents can "
                    + "expand without bound");
        }
    }

    /** The value of variable {@code name} written once more into a string at {@code path}. */
    void spendChars(int length, String name, String path) {
        chars -= length;
        if (chars < 0) {
            throw new Nodes.TooLargeException(path, "variable ${" + name + "} takes the configuration's string values "
                    + "over " + MAX_CHARS + " characters (variables that refer to each other several times can "
                    + "expand without bound)");
        }
    }

    /** An alias-free copy of {@code node}, counted against this budget. */
    Node copy(Node node) {
        return Nodes.expand(node, this, "");
    }
}
