package dev.buildline.common.config.versions;

import dev.buildline.common.config.YamlTree;
import dev.buildline.common.config.YamlTree.Entry;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The devspace.yaml versions Buildline reads: the ones DevSpace 6 upgrades with the image layout of DevSpace 5
 * ({@code build:}) and its own. DevSpace also upgrades v1beta1 to v1beta8 (DevSpace 4 and early 5); Buildline refuses
 * them with what to do instead (versions.go:40-53, 122-131).
 */
public enum ConfigVersion {
    V1BETA9("v1beta9"),
    V1BETA10("v1beta10"),
    V1BETA11("v1beta11"),
    V2BETA1("v2beta1");

    public static final ConfigVersion LATEST = V2BETA1;
    private static final List<String> OLDER = List.of("v1beta1", "v1beta2", "v1beta3", "v1beta4", "v1beta5", "v1beta6",
            "v1beta7", "v1beta8");

    private final String yamlName;

    ConfigVersion(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    /** The version after this one in DevSpace's upgrade chain. */
    ConfigVersion next() {
        return values()[ordinal() + 1];
    }

    /**
     * The file's {@code version}, or null with a problem: missing or not a string (DevSpace: "Version is missing in
     * devspace.yaml"), older than v1beta9, or unknown (DevSpace: "Unrecognized config version").
     */
    static ConfigVersion read(MappingNode root, Findings findings) {
        Map<String, Entry> fields = Nodes.fields(root);
        Entry entry = fields.get("version");
        if (entry == null || YamlTree.isNull(entry.value())) {
            findings.problem("version", root, "is missing; DevSpace refuses a devspace.yaml without it (\"Version is "
                    + "missing in devspace.yaml\"): add 'version: v2beta1' at the top, or the v1beta version the file "
                    + "was written for");
            return null;
        }
        if (!(entry.value() instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)) {
            findings.problem("version", entry.value(), "expected a string such as v2beta1, found "
                    + YamlTree.kind(entry.value()) + "; DevSpace reads it as missing (\"Version is missing in "
                    + "devspace.yaml\")");
            return null;
        }
        String name = scalar.getValue();
        for (ConfigVersion version : values()) {
            if (version.yamlName.equals(name)) {
                return version;
            }
        }
        if (OLDER.contains(name)) {
            findings.problem("version", scalar, "'" + name + "' is a DevSpace 4/5 layout that Buildline does not "
                    + "read (it reads v1beta9, v1beta10, v1beta11 and v2beta1): convert the file once with DevSpace "
                    + "6, whose 'devspace print' shows it as v2beta1, and commit the result");
            return null;
        }
        findings.problem("version", scalar, "'" + name + "' is not a devspace.yaml version (DevSpace 6 knows v1beta1 "
                + "to v1beta11 and v2beta1; it says \"Unrecognized config version " + name + "\")");
        return null;
    }
}
