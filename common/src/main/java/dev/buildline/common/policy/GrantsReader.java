package dev.buildline.common.policy;

import dev.buildline.common.config.EnvNames;
import dev.buildline.common.config.YamlTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one BUILDLINE_REPOSITORIES_FILE entry's {@code images}, {@code dockerConfig} and {@code allow} into
 * {@link RepositoryGrants}, refusing anything it cannot enforce: an unknown field, a prefix that is no image name, a
 * flag buildx does not have (or one with its own grant), a secret that is not {@code {env: NAME}} or
 * {@code {file: PATH}}.
 */
public final class GrantsReader {

    /** The entry fields this reader owns. */
    public static final Set<String> FIELDS = Set.of("images", "dockerConfig", "allow");
    private static final Set<String> ALLOW_FIELDS = Set.of("commands", "buildxFlags", "networks", "secrets",
            "builders");
    private static final Pattern SECRET_ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private GrantsReader() {
    }

    /**
     * @param where the entry, for messages ({@code repositories.yaml: [0]})
     * @throws InvalidPolicySettingsException naming the field that is wrong
     */
    public static RepositoryGrants read(Node images, Node dockerConfig, Node allow, String where) {
        List<String> prefixes = imagePrefixes(images, where + ".images");
        String config = SettingsNodes.scalar(dockerConfig, where + ".dockerConfig");
        if (config != null && !config.startsWith("/")) {
            throw new InvalidPolicySettingsException(where + ".dockerConfig: '" + config
                    + "' must be an absolute path (a DOCKER_CONFIG directory on the workers)");
        }
        return new RepositoryGrants(prefixes, config, allow(allow, where + ".allow"));
    }

    /** BUILDLINE_ALLOWED_IMAGES or an entry's {@code images}: each one a valid {@link ImagePrefix}. */
    public static List<String> imagePrefixes(List<String> texts, String where) {
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            try {
                if (ImagePrefix.parse(text) == ImagePrefix.ANY) {
                    throw new IllegalArgumentException("'*' is not a prefix; list the registries and paths");
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidPolicySettingsException(where + "[" + i + "]: " + e.getMessage());
            }
        }
        return List.copyOf(texts);
    }

    private static List<String> imagePrefixes(Node node, String where) {
        return imagePrefixes(SettingsNodes.strings(node, where), where);
    }

    private static RepositoryGrants.Allow allow(Node node, String where) {
        if (SettingsNodes.absent(node)) {
            return RepositoryGrants.Allow.NONE;
        }
        Map<String, Node> fields = SettingsNodes.fields(node, where, ALLOW_FIELDS);
        return new RepositoryGrants.Allow(commands(fields.get("commands"), where + ".commands"),
                flags(fields.get("buildxFlags"), where + ".buildxFlags"),
                SettingsNodes.strings(fields.get("networks"), where + ".networks"),
                secrets(fields.get("secrets"), where + ".secrets"),
                SettingsNodes.strings(fields.get("builders"), where + ".builders"));
    }

    private static List<List<String>> commands(Node node, String where) {
        if (SettingsNodes.absent(node)) {
            return List.of();
        }
        if (!(node instanceof SequenceNode list)) {
            throw new InvalidPolicySettingsException(where + ": expected a list of commands ([[\"/usr/bin/buildx\"]])");
        }
        List<List<String>> commands = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            List<String> command = SettingsNodes.strings(list.getValue().get(i), where + "[" + i + "]");
            if (command.isEmpty()) {
                throw new InvalidPolicySettingsException(where + "[" + i + "]: is empty");
            }
            commands.add(command);
        }
        return commands;
    }

    private static List<String> flags(Node node, String where) {
        List<String> flags = new ArrayList<>();
        List<String> written = SettingsNodes.strings(node, where);
        for (int i = 0; i < written.size(); i++) {
            String spelled = written.get(i);
            BuildxFlags.Flag flag = BuildxFlags.named(spelled).orElseThrow(() -> new InvalidPolicySettingsException(
                    where + ": '" + spelled + "' is not a flag of docker buildx build"));
            String own = BuildxFlags.OWN_GRANT.get(flag.spelled());
            if (own != null) {
                throw new InvalidPolicySettingsException(where + ": " + flag.spelled() + " is granted by " + own
                        + ", not by buildxFlags");
            }
            flags.add(flag.spelled());
        }
        return flags;
    }

    private static Map<String, SecretRef> secrets(Node node, String where) {
        if (SettingsNodes.absent(node)) {
            return Map.of();
        }
        if (!(node instanceof MappingNode mapping)) {
            throw new InvalidPolicySettingsException(where + ": expected a mapping of ids to {env: NAME} or {file: PATH}, "
                    + "found " + YamlTree.kind(node));
        }
        Map<String, SecretRef> secrets = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            String id = SettingsNodes.key(tuple, where);
            String at = where + "." + id;
            if (!SECRET_ID.matcher(id).matches()) {
                throw new InvalidPolicySettingsException(at + ": a secret id is letters, digits, '_', '.' and '-', "
                        + "not starting with '.' or '-'");
            }
            Map<String, Node> ref = SettingsNodes.fields(tuple.getValueNode(), at, Set.of("env", "file"));
            String env = SettingsNodes.scalar(ref.get("env"), at + ".env");
            String file = SettingsNodes.scalar(ref.get("file"), at + ".file");
            if ((env == null) == (file == null)) {
                throw new InvalidPolicySettingsException(at + ": write exactly one of {env: NAME} or {file: PATH}");
            }
            if (env != null && !EnvNames.valid(env)) {
                throw new InvalidPolicySettingsException(at + ".env: '" + env + "' is not an environment variable name");
            }
            if (file != null && !file.startsWith("/")) {
                throw new InvalidPolicySettingsException(at + ".file: must be an absolute path");
            }
            secrets.put(id, new SecretRef(env, file));
        }
        return secrets;
    }
}
