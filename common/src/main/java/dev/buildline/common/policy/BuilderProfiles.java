package dev.buildline.common.policy;

import dev.buildline.common.config.YamlTree;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * BUILDLINE_BUILDERS_FILE: the operator's in-cluster builders by name, read once at start.
 * <pre>
 * shared-rootless:                      # the builder's name (inCluster.name)
 *   namespace: buildkit                 # required; the worker never creates it
 *   image: moby/buildkit:v0.13.1-rootless
 *   rootless: true                      # default true
 *   nodeSelector: pool=builders
 *   createArgs: ["--driver-opt=requests.cpu=1"]
 *   replicas: 2
 * </pre>
 */
public final class BuilderProfiles {

    private static final Set<String> FIELDS = Set.of("namespace", "image", "rootless", "nodeSelector", "createArgs",
            "replicas");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private BuilderProfiles() {
    }

    /** @throws InvalidPolicySettingsException naming the profile and field that is wrong */
    public static Map<String, BuilderProfile> parse(String text, String source) {
        Node root;
        try {
            root = YamlTree.read(text);
        } catch (YAMLException e) {
            throw new InvalidPolicySettingsException(source + ": not valid YAML: " + YamlTree.describe(e));
        }
        if (SettingsNodes.absent(root)) {
            return Map.of();
        }
        if (!(root instanceof MappingNode mapping)) {
            throw new InvalidPolicySettingsException(source + ": expected a mapping of builder names to profiles, found "
                    + YamlTree.kind(root));
        }
        Map<String, BuilderProfile> profiles = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String name = SettingsNodes.key(tuple, source);
            String where = source + ": " + name;
            if (!DNS_LABEL.matcher(name).matches()) {
                throw new InvalidPolicySettingsException(where + ": a builder name is a DNS label (lowercase letters, "
                        + "digits and '-')");
            }
            Map<String, Node> fields = SettingsNodes.fields(tuple.getValueNode(), where, FIELDS);
            String namespace = SettingsNodes.scalar(fields.get("namespace"), where + ".namespace");
            if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
                throw new InvalidPolicySettingsException(where + ".namespace: is required (an existing namespace)");
            }
            String rootless = SettingsNodes.scalar(fields.get("rootless"), where + ".rootless");
            if (rootless != null && !rootless.equals("true") && !rootless.equals("false")) {
                throw new InvalidPolicySettingsException(where + ".rootless: expected true or false");
            }
            String replicas = SettingsNodes.scalar(fields.get("replicas"), where + ".replicas");
            if (replicas != null && !replicas.matches("[1-9][0-9]{0,2}")) {
                throw new InvalidPolicySettingsException(where + ".replicas: expected a number from 1 to 999");
            }
            profiles.put(name, new BuilderProfile(name, namespace,
                    SettingsNodes.scalar(fields.get("image"), where + ".image"), !"false".equals(rootless),
                    SettingsNodes.scalar(fields.get("nodeSelector"), where + ".nodeSelector"),
                    SettingsNodes.strings(fields.get("createArgs"), where + ".createArgs"),
                    replicas == null ? null : Integer.valueOf(replicas)));
        }
        return Collections.unmodifiableMap(profiles);
    }
}
