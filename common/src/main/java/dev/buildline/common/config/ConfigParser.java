package dev.buildline.common.config;

import dev.buildline.common.config.YamlTree.Entry;
import dev.buildline.common.config.versions.Findings;
import dev.buildline.common.config.versions.Upgrade;
import dev.buildline.common.plan.ContextLayout.PathEscapesRepositoryException;
import dev.buildline.common.plan.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the {@code images} section of a devspace.yaml into {@link DevspaceConfig} as DevSpace 6 loads it: the version
 * check, the strict fields and the upgrade of v1beta9 to v1beta11 to v2beta1 ({@link Upgrade}), then the validation
 * of each image. Every problem is collected with its YAML path, the rule it breaks and its line, and all are reported
 * at once in an {@link InvalidConfigException}. Fields DevSpace has that Buildline does not apply are warnings that
 * name their path.
 */
public final class ConfigParser {

    public static final int MAX_BYTES = 1024 * 1024;

    /** DevSpace's rule for the keys under {@code images}. */
    private static final Pattern IMAGE_KEY = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    /** Kubernetes names; the in-cluster builder's Deployment is {@code <name>0}, so one character is kept free. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\([^)]*\\)");

    private static final Set<String> TOP_LEVEL_IGNORED = Set.of("version", "name", "vars", "deployments", "dev",
            "pipelines", "functions", "commands", "hooks", "require", "pullSecrets", "dependencies");
    private static final Map<String, String> TOP_LEVEL_NOT_APPLIED = Map.of(
            "imports", "not applied by Buildline: images come from this file only",
            "profiles", "not applied by Buildline: images are built as written under images",
            "localRegistry", "not applied by Buildline: images are pushed to the registry in their name");
    private static final Set<String> IMAGE_FIELDS = Set.of("image", "tags", "dockerfile", "context", "buildArgs",
            "target", "network", "skipPush", "rebuildStrategy", "buildKit", "entrypoint", "cmd",
            "appendDockerfileInstructions");
    private static final Map<String, String> IMAGE_NOT_APPLIED = notApplied();
    private static final Set<String> BUILDKIT_FIELDS = Set.of("command", "args", "preferMinikube", "inCluster");
    private static final Set<String> IN_CLUSTER_FIELDS = Set.of("name", "namespace", "rootless", "image",
            "nodeSelector", "noCreate", "noRecreate", "noLoad", "createArgs");

    /** Reads a devspace.yaml that sits at the repository root. */
    public DevspaceConfig parse(String text) {
        return parse(text, "");
    }

    /**
     * Reads a devspace.yaml whose directory, relative to the repository root, is {@code configDir} ("" for the
     * root); {@code context} and {@code dockerfile} are resolved against it and must stay inside the repository.
     *
     * @throws InvalidConfigException with every problem found
     */
    public DevspaceConfig parse(String text, String configDir) {
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw invalid("", "the file is " + bytes + " bytes, more than the limit of " + MAX_BYTES);
        }
        Node root;
        try {
            root = YamlTree.read(text);
        } catch (YAMLException e) {
            throw invalid("", "not valid YAML: " + YamlTree.describe(e));
        }
        return parse(root, configDir);
    }

    /**
     * Reads a document as the earlier loading stages left it (on the file as written: imports, profiles, variables):
     * version check, upgrade to v2beta1, adjustConfig, then the validation of every image.
     *
     * @param root the document's root node, null for an empty document
     * @throws InvalidConfigException with every problem found
     */
    public DevspaceConfig parse(Node root, String configDir) {
        Findings findings = new Findings();
        Upgrade.Result upgrade = null;
        if (root instanceof MappingNode mapping) {
            upgrade = Upgrade.toLatest(mapping, findings);
            if (findings.hasProblems()) {
                throw new InvalidConfigException(findings.problems());
            }
            root = upgrade.converted();
        }
        Reader reader = new Reader(configDir, findings, upgrade == null ? Set.of() : upgrade.disabled());
        Map<String, ImageConfig> images = reader.document(root);
        if (findings.hasProblems()) {
            throw new InvalidConfigException(findings.problems());
        }
        return new DevspaceConfig(images, findings.warnings(),
                upgrade == null ? null : upgrade.version().yamlName(), upgrade != null && upgrade.wasConverted(),
                reader.notBuilt);
    }

    private static InvalidConfigException invalid(String path, String message) {
        return new InvalidConfigException(List.of(new ConfigProblem(path, message)));
    }

    private static Map<String, String> notApplied() {
        String restartHelper = "not applied by Buildline: it does not inject DevSpace's restart helper (a script for "
                + "devspace dev), the image keeps the Dockerfile's ENTRYPOINT";
        String engine = "not applied by Buildline: images are always built with BuildKit (docker buildx)";
        String sameDockerfile = ", the same Dockerfile, context and options built with docker buildx instead";
        Map<String, String> fields = new HashMap<>();
        fields.put("name", "ignored: the image's name is its key under images");
        fields.put("injectRestartHelper", restartHelper);
        fields.put("injectLegacyRestartHelper", restartHelper);
        fields.put("restartHelperPath", restartHelper);
        fields.put("createPullSecret", "not applied by Buildline: it creates no pull secrets");
        fields.put("docker", engine + " (DevSpace uses its docker engine when buildKit is not set" + sameDockerfile + ")");
        fields.put("kaniko", engine + " (DevSpace builds with kaniko in the cluster when neither buildKit nor docker is "
                + "set" + sameDockerfile + ")");
        fields.put("custom", engine + " (DevSpace runs the custom command instead; Buildline builds the image's "
                + "Dockerfile with docker buildx)");
        return Map.copyOf(fields);
    }

    /** Walks one document, collecting problems and warnings. */
    private static final class Reader {
        final Map<String, String> notBuilt = new LinkedHashMap<>();
        private final String configDir;
        private final Findings findings;
        private final Set<String> disabled;

        Reader(String configDir, Findings findings, Set<String> disabled) {
            this.configDir = configDir;
            this.findings = findings;
            this.disabled = disabled;
        }

        Map<String, ImageConfig> document(Node root) {
            Map<String, ImageConfig> images = new LinkedHashMap<>();
            if (YamlTree.isNull(root)) {
                problem("", root, "the document is empty");
                return images;
            }
            if (!(root instanceof MappingNode mapping)) {
                problem("", root, "expected a mapping at the top level, found " + YamlTree.kind(root));
                return images;
            }
            Map<String, Entry> fields = fields(mapping, "");
            fields.values().forEach(entry -> {
                String note = TOP_LEVEL_NOT_APPLIED.get(entry.name());
                if (note != null) {
                    warn(entry.name(), entry.key(), note);
                } else if (!TOP_LEVEL_IGNORED.contains(entry.name()) && !entry.name().equals("images")) {
                    warn(entry.name(), entry.key(), "unknown field, ignored");
                }
            });
            Entry section = fields.get("images");
            if (section == null || YamlTree.isNull(section.value())) {
                warn("images", root, "no images defined, nothing to build");
                return images;
            }
            if (!(section.value() instanceof MappingNode imageNodes)) {
                problem("images", section.value(), "expected a mapping of image names, found " + YamlTree.kind(section.value()));
                return images;
            }
            Map<String, String> seenImages = new HashMap<>();
            fields(imageNodes, "images").values().forEach(entry -> {
                ImageConfig image = image(entry, "images." + entry.name());
                if (image == null) {
                    return;
                }
                String first = seenImages.putIfAbsent(image.image(), entry.name());
                if (first != null) {
                    problem("images." + entry.name() + ".image", entry.value(), "'" + image.image()
                            + "' is already defined by images." + first + " (DevSpace allows one definition per image)");
                } else if (disabled.contains(entry.name())) {
                    notBuilt.put(entry.name(), "build.disabled is true");
                    warn("images." + entry.name(), entry.key(), "not built: build.disabled is true (DevSpace leaves "
                            + "it out of its build pipeline)");
                } else {
                    images.put(entry.name(), image);
                }
            });
            return images;
        }

        ImageConfig image(Entry entry, String path) {
            int before = findings.problems().size();
            if (!IMAGE_KEY.matcher(entry.name()).matches()) {
                problem(path, entry.key(), "image keys must match " + IMAGE_KEY.pattern()
                        + " (lowercase letters, digits and '-')");
            }
            Node node = entry.value();
            if (YamlTree.isNull(node)) {
                problem(path, node == null ? entry.key() : node, "is empty; it needs at least an image name");
                return null;
            }
            if (!(node instanceof MappingNode mapping)) {
                problem(path, node, "expected a mapping, found " + YamlTree.kind(node));
                return null;
            }
            Map<String, Entry> fields = fields(mapping, path);
            checkFields(fields, path, IMAGE_FIELDS, IMAGE_NOT_APPLIED);
            String image = string(fields, path, "image");
            if (image == null) {
                problem(path + ".image", node, "is required");
            } else if (!noVariable(fields, path, "image", image)) {
                image = null;
            } else {
                String why = ImageReference.nameProblem(image);
                if (why != null) {
                    problem(path + ".image", fields.get("image").value(), why);
                }
            }
            List<String> tags = stringList(fields, path, "tags");
            for (int i = 0; tags != null && i < tags.size(); i++) {
                Node tagNode = ((SequenceNode) fields.get("tags").value()).getValue().get(i);
                String tag = tags.get(i);
                if (VARIABLE.matcher(tag).find()) {
                    problem(path + ".tags[" + i + "]", tagNode, variableMessage(tag));
                } else if (ImageReference.tagProblem(tag) != null) {
                    problem(path + ".tags[" + i + "]", tagNode, ImageReference.tagProblem(tag));
                }
            }
            String dockerfile = emptyAsNull(string(fields, path, "dockerfile"));
            String context = emptyAsNull(string(fields, path, "context"));
            checkLayout(fields, path, context, dockerfile);
            Map<String, String> buildArgs = buildArgs(fields, path);
            String target = emptyAsNull(string(fields, path, "target"));
            String network = emptyAsNull(string(fields, path, "network"));
            Boolean skipPush = bool(fields, path, "skipPush");
            RebuildStrategy strategy = rebuildStrategy(fields, path);
            BuildKitConfig buildKit = buildKit(fields.get("buildKit"), path + ".buildKit");
            List<String> entrypoint = stringList(fields, path, "entrypoint");
            List<String> cmd = stringList(fields, path, "cmd");
            List<String> instructions = stringList(fields, path, "appendDockerfileInstructions");
            if (findings.problems().size() > before) {
                return null;
            }
            return new ImageConfig(entry.name(), image, tags, dockerfile, context, buildArgs, target, network,
                    Boolean.TRUE.equals(skipPush), strategy, buildKit, entrypoint, cmd, instructions);
        }

        void checkLayout(Map<String, Entry> fields, String path, String context, String dockerfile) {
            checkPath(fields, path, "context", context == null ? ImageConfig.DEFAULT_CONTEXT : context);
            checkPath(fields, path, "dockerfile", dockerfile == null ? ImageConfig.DEFAULT_DOCKERFILE : dockerfile);
        }

        void checkPath(Map<String, Entry> fields, String path, String field, String value) {
            Entry entry = fields.get(field);
            Node node = entry == null ? null : entry.value();
            try {
                String resolved = RepoPaths.resolve(configDir, value, field);
                if (field.equals("dockerfile") && resolved.isEmpty()) {
                    problem(path + "." + field, node, "'" + value + "' names the repository root, not a file");
                }
            } catch (PathEscapesRepositoryException e) {
                problem(path + "." + field, node, e.reason());
            }
        }

        Map<String, String> buildArgs(Map<String, Entry> fields, String path) {
            Entry entry = fields.get("buildArgs");
            if (entry == null || YamlTree.isNull(entry.value())) {
                return null;
            }
            if (!(entry.value() instanceof MappingNode mapping)) {
                problem(path + ".buildArgs", entry.value(), "expected a mapping of names to values, found "
                        + YamlTree.kind(entry.value()));
                return null;
            }
            Map<String, String> args = new LinkedHashMap<>();
            fields(mapping, path + ".buildArgs").values().forEach(arg -> {
                String argPath = path + ".buildArgs." + arg.name();
                if (arg.name().isEmpty() || arg.name().contains("=")) {
                    problem(argPath, arg.key(), "a build arg name must be non-empty and contain no '='");
                } else if (YamlTree.isNull(arg.value())) {
                    args.put(arg.name(), null); // DevSpace skips null values
                } else if (arg.value() instanceof ScalarNode) {
                    args.put(arg.name(), YamlTree.text(arg.value()));
                } else {
                    problem(argPath, arg.value(), "expected a string, found " + YamlTree.kind(arg.value()));
                }
            });
            return args;
        }

        RebuildStrategy rebuildStrategy(Map<String, Entry> fields, String path) {
            String text = emptyAsNull(string(fields, path, "rebuildStrategy"));
            if (text == null) {
                return null;
            }
            RebuildStrategy strategy = RebuildStrategy.fromYaml(text);
            if (strategy == null) {
                problem(path + ".rebuildStrategy", fields.get("rebuildStrategy").value(),
                        "expected one of default, always, ignoreContextChanges, found '" + text + "'");
            }
            return strategy;
        }

        BuildKitConfig buildKit(Entry entry, String path) {
            if (entry == null || YamlTree.isNull(entry.value())) {
                return null;
            }
            if (!(entry.value() instanceof MappingNode mapping)) {
                problem(path, entry.value(), "expected a mapping, found " + YamlTree.kind(entry.value()));
                return null;
            }
            Map<String, Entry> fields = fields(mapping, path);
            checkFields(fields, path, BUILDKIT_FIELDS, Map.of());
            List<String> command = stringList(fields, path, "command");
            if (command != null && (command.isEmpty() || command.get(0).isBlank())) {
                problem(path + ".command", fields.get("command").value(), "must name an executable as its first item");
            }
            List<String> args = stringList(fields, path, "args");
            Boolean preferMinikube = bool(fields, path, "preferMinikube");
            InClusterConfig inCluster = inCluster(fields.get("inCluster"), path + ".inCluster");
            return new BuildKitConfig(command, args, preferMinikube, inCluster);
        }

        InClusterConfig inCluster(Entry entry, String path) {
            if (entry == null || YamlTree.isNull(entry.value())) {
                return null;
            }
            if (!(entry.value() instanceof MappingNode mapping)) {
                problem(path, entry.value(), "expected a mapping, found " + YamlTree.kind(entry.value()));
                return null;
            }
            Map<String, Entry> fields = fields(mapping, path);
            checkFields(fields, path, IN_CLUSTER_FIELDS, Map.of());
            String name = emptyAsNull(string(fields, path, "name"));
            if (name != null && (!DNS_LABEL.matcher(name).matches() || name.length() > 62)) {
                problem(path + ".name", fields.get("name").value(), "'" + name + "' is not a valid builder name "
                        + "(lowercase letters, digits and '-', at most 62 characters: the Deployment is named <name>0)");
            }
            String namespace = emptyAsNull(string(fields, path, "namespace"));
            if (namespace != null && (!DNS_LABEL.matcher(namespace).matches() || namespace.length() > 63)) {
                problem(path + ".namespace", fields.get("namespace").value(), "'" + namespace
                        + "' is not a valid Kubernetes namespace (lowercase letters, digits and '-', at most 63)");
            }
            String image = emptyAsNull(string(fields, path, "image"));
            if (image != null && ImageReference.referenceProblem(image) != null) {
                problem(path + ".image", fields.get("image").value(), ImageReference.referenceProblem(image));
            }
            String nodeSelector = emptyAsNull(string(fields, path, "nodeSelector"));
            if (nodeSelector != null && !nodeSelector.matches("[^=,]+=[^=,]*(,[^=,]+=[^=,]*)*")) {
                problem(path + ".nodeSelector", fields.get("nodeSelector").value(),
                        "expected label=value pairs separated by commas, found '" + nodeSelector + "'");
            }
            return new InClusterConfig(name, namespace, Boolean.TRUE.equals(bool(fields, path, "rootless")), image,
                    nodeSelector, Boolean.TRUE.equals(bool(fields, path, "noCreate")),
                    Boolean.TRUE.equals(bool(fields, path, "noRecreate")),
                    Boolean.TRUE.equals(bool(fields, path, "noLoad")), stringList(fields, path, "createArgs"));
        }

        Map<String, Entry> fields(MappingNode mapping, String path) {
            List<Entry> duplicates = new ArrayList<>();
            Map<String, Entry> fields = YamlTree.entries(mapping, duplicates);
            for (Entry duplicate : duplicates) {
                problem(join(path, duplicate.name()), duplicate.key(), "is defined more than once");
            }
            return fields;
        }

        void checkFields(Map<String, Entry> fields, String path, Set<String> known, Map<String, String> notApplied) {
            fields.values().forEach(entry -> {
                String note = notApplied.get(entry.name());
                if (note != null) {
                    warn(path + "." + entry.name(), entry.key(), note);
                } else if (!known.contains(entry.name())) {
                    warn(path + "." + entry.name(), entry.key(), "unknown field, ignored");
                }
            });
        }

        /** Any scalar is a string (as Go's yaml.v3 reads it into one); mappings and lists are not. */
        String string(Map<String, Entry> fields, String path, String field) {
            Entry entry = fields.get(field);
            if (entry == null || YamlTree.isNull(entry.value())) {
                return null;
            }
            if (!(entry.value() instanceof ScalarNode)) {
                problem(path + "." + field, entry.value(), "expected a string, found " + YamlTree.kind(entry.value()));
                return null;
            }
            return YamlTree.text(entry.value());
        }

        Boolean bool(Map<String, Entry> fields, String path, String field) {
            Entry entry = fields.get(field);
            if (entry == null || YamlTree.isNull(entry.value())) {
                return null;
            }
            if (!entry.value().getTag().equals(Tag.BOOL)) {
                problem(path + "." + field, entry.value(), "expected true or false, found " + YamlTree.kind(entry.value()));
                return null;
            }
            String text = YamlTree.text(entry.value()).toLowerCase(Locale.ROOT);
            return text.equals("true") || text.equals("yes") || text.equals("on");
        }

        List<String> stringList(Map<String, Entry> fields, String path, String field) {
            Entry entry = fields.get(field);
            if (entry == null || YamlTree.isNull(entry.value())) {
                return null;
            }
            if (!(entry.value() instanceof SequenceNode sequence)) {
                problem(path + "." + field, entry.value(), "expected a list of strings, found " + YamlTree.kind(entry.value()));
                return null;
            }
            List<String> items = new ArrayList<>();
            List<Node> values = sequence.getValue();
            for (int i = 0; i < values.size(); i++) {
                Node item = values.get(i);
                if (item instanceof ScalarNode && !YamlTree.isNull(item)) {
                    items.add(YamlTree.text(item));
                } else {
                    problem(path + "." + field + "[" + i + "]", item, "expected a string, found "
                            + (YamlTree.isNull(item) ? "null" : YamlTree.kind(item)));
                }
            }
            return items;
        }

        boolean noVariable(Map<String, Entry> fields, String path, String field, String value) {
            if (VARIABLE.matcher(value).find()) {
                problem(path + "." + field, fields.get(field).value(), variableMessage(value));
                return false;
            }
            return true;
        }

        void problem(String path, Node node, String message) {
            findings.problem(path, node, message);
        }

        void warn(String path, Node node, String message) {
            findings.warn(path, node, message);
        }

        /** What is left after loading: an undeclared variable with no value, or an expression inside a string. */
        private static String variableMessage(String value) {
            if (value.matches("(?s).*\\$\\{[^}]*}.*")) {
                return "uses a variable that has no value ('" + value + "'): DevSpace leaves an undeclared variable "
                        + "as written; declare it under vars, or give its value in the repository's settings (vars) "
                        + "or with --var NAME=VALUE";
            }
            if (value.startsWith("$(") && value.endsWith(")")) {
                return "'" + value + "' is an expression that was not evaluated; load the file with its repository "
                        + "(ConfigLoader), which answers git expressions from the commit";
            }
            return "'" + value + "' holds $(...) inside other text; DevSpace runs an expression only when it is the "
                    + "whole value, so this stays as written";
        }

        private static String join(String path, String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        private static String emptyAsNull(String value) {
            return value == null || value.isEmpty() ? null : value;
        }
    }
}
