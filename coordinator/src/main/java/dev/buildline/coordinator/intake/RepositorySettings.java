package dev.buildline.coordinator.intake;

import dev.buildline.common.config.EnvNames;
import dev.buildline.common.config.YamlTree;
import dev.buildline.common.repo.InvalidRepoUrlException;
import dev.buildline.common.repo.RepoUrl;
import dev.buildline.common.policy.GrantsReader;
import dev.buildline.common.policy.InvalidPolicySettingsException;
import dev.buildline.common.policy.RepositoryGrants;
import dev.buildline.coordinator.status.StatusTarget;
import dev.buildline.coordinator.status.StatusTargets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * How the coordinator loads each repository's devspace.yaml: what a developer would type or export when running
 * {@code devspace build} there. Read once at start from BUILDLINE_REPOSITORIES_FILE, a YAML list of entries matched
 * by repository URL, compared as URLs (scheme, host, port, then the path on segment boundaries; the longest entry
 * wins):
 * <pre>
 * - url: https://github.com/acme/shop      # prefix of the repository URL
 *   configPath: deploy/devspace.yaml       # default BUILDLINE_CONFIG_PATH
 *   vars: {REGISTRY: registry.example.com}  # as devspace --var REGISTRY=...
 *   profiles: [production]                 # as devspace -p production
 *   env: [AWS_REGION]                      # server environment variables this repository may read
 *   status: {host: github, tokenEnv: ACME_STATUS_TOKEN}   # where commit statuses go ({@link StatusTargets})
 *   webhookSecretEnv: ACME_SHOP_WEBHOOK_SECRET   # its own webhook secret ({@link WebhookSecret})
 *   images: ["registry.example.com/acme/shop/"]          # the build policy's grants ({@link GrantsReader})
 *   dockerConfig: /etc/buildline/registries/acme-shop
 *   allow: {buildxFlags: ["--ssh"], builders: [shared-rootless]}
 * </pre>
 * Environment values are taken from the server's environment at start, and only for the names an entry lists: a
 * pushed devspace.yaml can never read anything else of the server's environment.
 */
public final class RepositorySettings {

    private static final Set<String> FIELDS = Set.of("url", "configPath", "vars", "profiles", "env", "status",
            "webhookSecretEnv", "images", "dockerConfig", "allow");

    /**
     * One repository's settings; {@code env} holds the values of the listed names that are set; {@code status} is
     * where its commit statuses go, or null for none; {@code grants} is what its builds may do beyond a plain build;
     * {@code webhookSecret} its own webhook secret, or null when the global one serves it.
     */
    public record Entry(String url, String configPath, Map<String, String> vars, List<String> profiles,
                        Map<String, String> env, StatusTarget status, RepositoryGrants grants,
                        WebhookSecret webhookSecret) {
        public Entry {
            vars = Map.copyOf(vars);
            profiles = List.copyOf(profiles);
            env = Map.copyOf(env);
            grants = grants == null ? RepositoryGrants.NONE : grants;
        }

        /** An entry without grants, whose webhooks the global secret serves. */
        public Entry(String url, String configPath, Map<String, String> vars, List<String> profiles,
                     Map<String, String> env, StatusTarget status) {
            this(url, configPath, vars, profiles, env, status, null, null);
        }

        /** An entry without commit statuses or grants, whose webhooks the global secret serves. */
        public Entry(String url, String configPath, Map<String, String> vars, List<String> profiles,
                     Map<String, String> env) {
            this(url, configPath, vars, profiles, env, null, null, null);
        }

        /** The directory of {@link #configPath} ("" for the repository's root). */
        public String configDir() {
            int slash = configPath.lastIndexOf('/');
            return slash < 0 ? "" : configPath.substring(0, slash);
        }
    }

    private final List<Entry> entries;
    private final Entry fallback;
    private final String namespace;
    private final String kubeContext;
    private final BuildPolicySettings policy;

    /**
     * @param namespace   DEVSPACE_NAMESPACE for every load (BUILDLINE_NAMESPACE), or null
     * @param kubeContext DEVSPACE_CONTEXT for every load (BUILDLINE_KUBE_CONTEXT), or null
     */
    public RepositorySettings(List<Entry> entries, String defaultConfigPath, String namespace, String kubeContext) {
        this(entries, defaultConfigPath, namespace, kubeContext, BuildPolicySettings.open());
    }

    /** @param policy the server's image prefixes and builders ({@link BuildPolicySettings}) */
    public RepositorySettings(List<Entry> entries, String defaultConfigPath, String namespace, String kubeContext,
                              BuildPolicySettings policy) {
        this.policy = policy;
        this.entries = entries.stream().sorted(Comparator.comparingInt((Entry e) -> e.url().length()).reversed())
                .toList();
        this.fallback = new Entry("", defaultConfigPath, Map.of(), List.of(), Map.of());
        this.namespace = namespace == null ? "" : namespace;
        this.kubeContext = kubeContext == null ? "" : kubeContext;
    }

    /** No repository settings: every repository's file at {@code configPath}, nothing supplied. */
    public static RepositorySettings none(String configPath) {
        return new RepositorySettings(List.of(), configPath, null, null);
    }

    /** The longest entry that covers {@code url} as a URL ({@link RepoUrl#covers}), else the defaults. */
    public Entry forRepository(String url) {
        return entries.stream().filter(e -> RepoUrl.covers(e.url(), url)).findFirst().orElse(fallback);
    }

    /** The same settings with the server's side of the build policy. */
    public RepositorySettings withPolicy(BuildPolicySettings policy) {
        return new RepositorySettings(entries, fallback.configPath(), namespace, kubeContext, policy);
    }

    public BuildPolicySettings policy() {
        return policy;
    }

    public String namespace() {
        return namespace;
    }

    public String kubeContext() {
        return kubeContext;
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * Reads the file's text.
     *
     * @param source            the file's name, for messages
     * @param defaultConfigPath BUILDLINE_CONFIG_PATH
     * @param serverEnv         the server's environment, read only for the names an entry lists
     * @throws InvalidSettingsException naming the entry and field that is wrong
     */
    public static RepositorySettings parse(String text, String source, String defaultConfigPath,
                                           Map<String, String> serverEnv, String namespace, String kubeContext) {
        Node root;
        try {
            root = YamlTree.read(text);
        } catch (YAMLException e) {
            throw new InvalidSettingsException(source + ": not valid YAML: " + YamlTree.describe(e));
        }
        if (YamlTree.isNull(root)) {
            return new RepositorySettings(List.of(), defaultConfigPath, namespace, kubeContext);
        }
        if (!(root instanceof SequenceNode list)) {
            throw new InvalidSettingsException(source + ": expected a list of repositories (- url: ...), found "
                    + YamlTree.kind(root));
        }
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            String where = source + ": [" + i + "]";
            if (!(list.getValue().get(i) instanceof MappingNode entry)) {
                throw new InvalidSettingsException(where + ": expected a mapping with url");
            }
            Map<String, Node> fields = new LinkedHashMap<>();
            for (NodeTuple tuple : entry.getValue()) {
                String key = ((ScalarNode) tuple.getKeyNode()).getValue();
                if (!FIELDS.contains(key)) {
                    throw new InvalidSettingsException(where + "." + key + ": unknown field (known: url, configPath, "
                            + "vars, profiles, env, status, webhookSecretEnv, images, dockerConfig, allow)");
                }
                fields.put(key, tuple.getValueNode());
            }
            String url = scalar(fields.get("url"), where + ".url");
            if (url == null || url.isBlank()) {
                throw new InvalidSettingsException(where + ".url: is required (a prefix of repository URLs)");
            }
            try {
                RepoUrl.parse(url.strip());
            } catch (InvalidRepoUrlException e) {
                throw new InvalidSettingsException(where + ".url: " + e.getMessage());
            }
            String configPath = scalar(fields.get("configPath"), where + ".configPath");
            if (configPath != null && (configPath.startsWith("/") || configPath.contains(".."))) {
                throw new InvalidSettingsException(where + ".configPath: '" + configPath
                        + "' must be a path inside the repository");
            }
            Map<String, String> vars = new LinkedHashMap<>();
            Node varsNode = fields.get("vars");
            if (varsNode instanceof MappingNode map) {
                for (NodeTuple tuple : map.getValue()) {
                    String name = ((ScalarNode) tuple.getKeyNode()).getValue();
                    String value = scalar(tuple.getValueNode(), where + ".vars." + name);
                    vars.put(name, value == null ? "" : value);
                }
            } else if (varsNode != null && !YamlTree.isNull(varsNode)) {
                throw new InvalidSettingsException(where + ".vars: expected a mapping of names to values");
            }
            List<String> profiles = strings(fields.get("profiles"), where + ".profiles");
            Map<String, String> env = new LinkedHashMap<>();
            for (String name : strings(fields.get("env"), where + ".env")) {
                if (!EnvNames.valid(name)) {
                    throw new InvalidSettingsException(where + ".env: '" + name + "' is not an environment variable name");
                }
                String value = serverEnv.get(name);
                if (value != null) {
                    env.put(name, value);
                }
            }
            StatusTarget status;
            try {
                status = StatusTargets.parse(fields.get("status"), where + ".status", serverEnv);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(e.getMessage());
            }
            WebhookSecret webhookSecret = WebhookSecret.read(scalar(fields.get("webhookSecretEnv"),
                    where + ".webhookSecretEnv"), where + ".webhookSecretEnv", serverEnv);
            RepositoryGrants grants;
            try {
                grants = GrantsReader.read(fields.get("images"), fields.get("dockerConfig"), fields.get("allow"), where);
            } catch (InvalidPolicySettingsException e) {
                throw new InvalidSettingsException(e.getMessage());
            }
            entries.add(new Entry(url.strip(), configPath == null ? defaultConfigPath : configPath.strip(), vars,
                    profiles, env, status, grants, webhookSecret));
        }
        return new RepositorySettings(entries, defaultConfigPath, namespace, kubeContext);
    }

    private static String scalar(Node node, String where) {
        if (node == null || YamlTree.isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw new InvalidSettingsException(where + ": expected a single value, found " + YamlTree.kind(node));
        }
        return scalar.getValue();
    }

    private static List<String> strings(Node node, String where) {
        if (node == null || YamlTree.isNull(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode list)) {
            throw new InvalidSettingsException(where + ": expected a list, found " + YamlTree.kind(node));
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            String item = scalar(list.getValue().get(i), where + "[" + i + "]");
            if (item == null || item.isBlank()) {
                throw new InvalidSettingsException(where + "[" + i + "]: is empty");
            }
            items.add(item.strip());
        }
        return items;
    }

    @Override
    public String toString() {
        // values may be secrets: names only
        return "RepositorySettings" + entries.stream().map(e -> e.url() + " (" + e.configPath() + ", vars "
                + e.vars().keySet() + ", profiles " + e.profiles() + ", env " + e.env().keySet()
                + (e.status() == null ? "" : ", " + e.status())
                + (e.webhookSecret() == null ? "" : ", " + e.webhookSecret()) + ")").toList();
    }

    /** BUILDLINE_REPOSITORIES_FILE cannot be used; the coordinator does not start. */
    public static final class InvalidSettingsException extends RuntimeException {
        public InvalidSettingsException(String message) {
            super(message);
        }
    }
}
