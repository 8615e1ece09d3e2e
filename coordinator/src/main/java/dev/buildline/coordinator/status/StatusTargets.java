package dev.buildline.coordinator.status;

import dev.buildline.common.config.EnvNames;
import dev.buildline.common.config.YamlTree;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads the {@code status:} mapping of a repository entry into a {@link StatusTarget}. */
public final class StatusTargets {

    private static final Set<String> FIELDS = Set.of("host", "apiUrl", "tokenEnv", "project");

    private StatusTargets() {
    }

    /**
     * @param node      the entry's {@code status} value, or null
     * @param where     the entry's path in the file, for messages ({@code repositories.yaml: [0].status})
     * @param serverEnv the server's environment: only the variable {@code tokenEnv} names is read
     * @return the target, or null when the entry has no {@code status}
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static StatusTarget parse(Node node, String where, Map<String, String> serverEnv) {
        if (node == null || YamlTree.isNull(node)) {
            return null;
        }
        if (!(node instanceof MappingNode mapping)) {
            throw new IllegalArgumentException(where + ": expected a mapping with host and tokenEnv, found "
                    + YamlTree.kind(node));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String key = ((ScalarNode) tuple.getKeyNode()).getValue();
            if (!FIELDS.contains(key)) {
                throw new IllegalArgumentException(where + "." + key + ": unknown field (known: host, apiUrl, "
                        + "tokenEnv, project)");
            }
            if (!(tuple.getValueNode() instanceof ScalarNode scalar) || YamlTree.isNull(scalar)) {
                throw new IllegalArgumentException(where + "." + key + ": expected a single value");
            }
            fields.put(key, scalar.getValue().strip());
        }
        String hostName = required(fields, "host", where);
        StatusHost host;
        try {
            host = StatusHost.fromWire(hostName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".host: " + e.getMessage());
        }
        String apiUrl = fields.getOrDefault("apiUrl", host.defaultApiUrl());
        if (apiUrl == null) {
            throw new IllegalArgumentException(where + ".apiUrl: is required for " + host.wireName()
                    + " (e.g. https://gitea.example.com/api/v1)");
        }
        checkUrl(apiUrl, where + ".apiUrl");
        String tokenEnv = required(fields, "tokenEnv", where);
        if (!EnvNames.valid(tokenEnv)) {
            throw new IllegalArgumentException(where + ".tokenEnv: '" + tokenEnv
                    + "' is not an environment variable name (name the variable that holds the token, not the token)");
        }
        String project = fields.get("project");
        if (project != null && project.isBlank()) {
            throw new IllegalArgumentException(where + ".project: is empty");
        }
        return new StatusTarget(host, apiUrl, tokenEnv, serverEnv.get(tokenEnv), project);
    }

    private static String required(Map<String, String> fields, String name, String where) {
        String value = fields.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(where + "." + name + ": is required");
        }
        return value;
    }

    private static void checkUrl(String url, String where) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": '" + url + "' is not a URL");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException(where + ": '" + url + "' must be an http(s) URL with a host");
        }
    }
}
