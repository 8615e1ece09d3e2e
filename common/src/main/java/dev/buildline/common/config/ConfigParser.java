package dev.buildline.common.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads the {@code images} section of devspace.yaml into {@link DevspaceConfig}. Every problem is collected with its
 * YAML path and reported at once; unknown fields become warnings that name their path.
 */
public final class ConfigParser {

    public static final int MAX_BYTES = 1024 * 1024;
    private static final int MAX_DEPTH = 64;
    private static final int MAX_ALIASES = 50;

    private static final Set<String> IMAGE_FIELDS = Set.of("image", "tags", "dockerfile", "context", "buildArgs",
            "target", "network", "skipPush", "rebuildStrategy", "buildKit");
    /** DevSpace fields Buildline accepts but does not act on. */
    private static final Set<String> NOT_APPLIED_IMAGE_FIELDS = Set.of("entrypoint", "cmd", "appendDockerfileInstructions",
            "createPullSecret", "injectRestartHelper", "restartHelperPath", "docker", "kaniko", "custom", "buildTarget",
            "imagePullSecrets");
    private static final Set<String> BUILDKIT_FIELDS = Set.of("command", "args", "preferMinikube", "inCluster",
            "skipPush");
    private static final Set<String> IN_CLUSTER_FIELDS = Set.of("name", "namespace", "rootless", "image", "nodeSelector",
            "noCreate", "noRecreate", "noLoad", "createArgs");
    // Docker reference grammar without tag or digest: [host[:port]/]path-component(/path-component)*
    private static final Pattern IMAGE_NAME = Pattern.compile(
            "^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*"
                    + "(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$");
    private static final Pattern TAG = Pattern.compile("^[\\w#][\\w.#-]{0,127}$");

    private final ObjectMapper yaml;

    public ConfigParser() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowDuplicateKeys(false);
        YAMLFactory factory = YAMLFactory.builder()
                .loaderOptions(options)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
                .build();
        this.yaml = new ObjectMapper(factory);
    }

    public DevspaceConfig parse(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new InvalidConfigException(List.of(new ConfigProblem("", "devspace.yaml is larger than " + MAX_BYTES + " bytes")));
        }
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw new InvalidConfigException(List.of(new ConfigProblem("", "not valid YAML" + where + ": "
                    + e.getOriginalMessage())));
        }
        Reader reader = new Reader();
        Map<String, ImageConfig> images = reader.images(root);
        if (!reader.problems.isEmpty()) {
            throw new InvalidConfigException(reader.problems);
        }
        return new DevspaceConfig(images, reader.warnings);
    }

    /** Collects problems and warnings for one document. */
    private static final class Reader {
        final List<ConfigProblem> problems = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();

        Map<String, ImageConfig> images(JsonNode root) {
            Map<String, ImageConfig> images = new LinkedHashMap<>();
            if (root == null || root.isMissingNode() || root.isNull()) {
                problems.add(new ConfigProblem("", "the document is empty"));
                return images;
            }
            if (!root.isObject()) {
                problems.add(new ConfigProblem("", "expected a mapping at the top level"));
                return images;
            }
            JsonNode section = root.get("images");
            if (section == null || section.isNull()) {
                return images;
            }
            if (!section.isObject()) {
                problems.add(new ConfigProblem("images", "expected a mapping of image names"));
                return images;
            }
            section.fields().forEachRemaining(entry -> {
                ImageConfig image = image(entry.getKey(), entry.getValue(), "images." + entry.getKey());
                if (image != null) {
                    images.put(entry.getKey(), image);
                }
            });
            return images;
        }

        ImageConfig image(String name, JsonNode node, String path) {
            if (!node.isObject()) {
                problems.add(new ConfigProblem(path, "expected a mapping"));
                return null;
            }
            int before = problems.size();
            checkFields(node, path, IMAGE_FIELDS, NOT_APPLIED_IMAGE_FIELDS);
            String image = string(node, path, "image");
            if (image == null) {
                problems.add(new ConfigProblem(path + ".image", "is required"));
            } else if (hasTagOrDigest(image)) {
                problems.add(new ConfigProblem(path + ".image", "must not contain a tag"));
            } else if (!IMAGE_NAME.matcher(image).matches()) {
                problems.add(new ConfigProblem(path + ".image", "not a valid image name: " + image));
            }
            List<String> tags = stringList(node, path, "tags");
            for (int i = 0; tags != null && i < tags.size(); i++) {
                if (!TAG.matcher(tags.get(i)).matches()) {
                    problems.add(new ConfigProblem(path + ".tags[" + i + "]", "not a valid tag: " + tags.get(i)));
                }
            }
            String dockerfile = string(node, path, "dockerfile");
            String context = string(node, path, "context");
            Map<String, String> buildArgs = stringMap(node, path, "buildArgs");
            String target = string(node, path, "target");
            String network = string(node, path, "network");
            Boolean skipPush = bool(node, path, "skipPush");
            String strategyText = string(node, path, "rebuildStrategy");
            RebuildStrategy strategy = null;
            if (strategyText != null) {
                strategy = RebuildStrategy.fromYaml(strategyText);
                if (strategy == null) {
                    problems.add(new ConfigProblem(path + ".rebuildStrategy",
                            "expected one of default, always, ignoreContextChanges"));
                }
            }
            BuildKitConfig buildKit = buildKit(node.get("buildKit"), path + ".buildKit");
            if (problems.size() > before) {
                return null;
            }
            return new ImageConfig(name, image, tags, dockerfile, context, buildArgs, target, network,
                    Boolean.TRUE.equals(skipPush), strategy, buildKit);
        }

        BuildKitConfig buildKit(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                problems.add(new ConfigProblem(path, "expected a mapping"));
                return null;
            }
            checkFields(node, path, BUILDKIT_FIELDS, Set.of());
            List<String> command = stringList(node, path, "command");
            if (command != null && command.isEmpty()) {
                problems.add(new ConfigProblem(path + ".command", "must name an executable"));
            }
            List<String> args = stringList(node, path, "args");
            Boolean preferMinikube = bool(node, path, "preferMinikube");
            InClusterConfig inCluster = inCluster(node.get("inCluster"), path + ".inCluster");
            return new BuildKitConfig(command, args, preferMinikube, inCluster);
        }

        InClusterConfig inCluster(JsonNode node, String path) {
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isObject()) {
                problems.add(new ConfigProblem(path, "expected a mapping"));
                return null;
            }
            checkFields(node, path, IN_CLUSTER_FIELDS, Set.of());
            return new InClusterConfig(string(node, path, "name"), string(node, path, "namespace"),
                    Boolean.TRUE.equals(bool(node, path, "rootless")), string(node, path, "image"),
                    string(node, path, "nodeSelector"), Boolean.TRUE.equals(bool(node, path, "noCreate")),
                    Boolean.TRUE.equals(bool(node, path, "noRecreate")), Boolean.TRUE.equals(bool(node, path, "noLoad")),
                    stringList(node, path, "createArgs"));
        }

        void checkFields(JsonNode node, String path, Set<String> known, Set<String> notApplied) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String field = names.next();
                if (notApplied.contains(field)) {
                    warnings.add(path + "." + field + ": accepted but not applied by Buildline");
                } else if (!known.contains(field)) {
                    warnings.add(path + "." + field + ": unknown field, ignored");
                }
            }
        }

        String string(JsonNode parent, String path, String field) {
            JsonNode value = parent.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isValueNode() || value.isBoolean() && !"network".equals(field)) {
                problems.add(new ConfigProblem(path + "." + field, "expected a string"));
                return null;
            }
            return value.asText();
        }

        Boolean bool(JsonNode parent, String path, String field) {
            JsonNode value = parent.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isBoolean()) {
                problems.add(new ConfigProblem(path + "." + field, "expected true or false"));
                return null;
            }
            return value.booleanValue();
        }

        List<String> stringList(JsonNode parent, String path, String field) {
            JsonNode value = parent.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isArray()) {
                problems.add(new ConfigProblem(path + "." + field, "expected a list of strings"));
                return null;
            }
            List<String> items = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (item.isValueNode() && !item.isNull()) {
                    items.add(item.asText());
                } else {
                    problems.add(new ConfigProblem(path + "." + field + "[" + i + "]", "expected a string"));
                }
            }
            return items;
        }

        Map<String, String> stringMap(JsonNode parent, String path, String field) {
            JsonNode value = parent.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isObject()) {
                problems.add(new ConfigProblem(path + "." + field, "expected a mapping"));
                return null;
            }
            Map<String, String> map = new LinkedHashMap<>();
            value.fields().forEachRemaining(entry -> {
                JsonNode item = entry.getValue();
                if (item.isNull()) {
                    map.put(entry.getKey(), null);
                } else if (item.isValueNode()) {
                    map.put(entry.getKey(), item.asText());
                } else {
                    problems.add(new ConfigProblem(path + "." + field + "." + entry.getKey(), "expected a string"));
                }
            });
            return map;
        }

        private static boolean hasTagOrDigest(String image) {
            if (image.contains("@")) {
                return true;
            }
            int slash = image.lastIndexOf('/');
            return image.indexOf(':', slash + 1) >= 0;
        }
    }
}
