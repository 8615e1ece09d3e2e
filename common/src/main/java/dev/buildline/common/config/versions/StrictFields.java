package dev.buildline.common.config.versions;

import dev.buildline.common.config.YamlTree;
import dev.buildline.common.config.YamlTree.Entry;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * DevSpace decodes a file strictly into its version's structs (versions.go:136-144, KnownFields): a field the version
 * does not have refuses the whole file, and so does a key written twice (yaml.v3). Buildline does the same for the top
 * level and everything under {@code images}, so that a typo such as {@code buildkit:} is an error, not a build that
 * silently differs from {@code devspace build}. Sections Buildline does not read (deployments, dev, ...) are not checked
 * below their top level.
 */
final class StrictFields {

    private static final Set<String> TOP_V1BETA9 = Set.of("version", "name", "images", "deployments", "dev",
            "dependencies", "hooks", "pullSecrets", "commands", "vars", "profiles");
    private static final Set<String> TOP_V1BETA10 = plus(TOP_V1BETA9, "require");
    private static final Set<String> TOP_V2BETA1 = Set.of("version", "name", "imports", "functions", "pipelines",
            "images", "deployments", "dev", "vars", "commands", "dependencies", "pullSecrets", "require", "profiles",
            "hooks", "localRegistry");

    private static final Set<String> IMAGE_V1BETA10 = Set.of("image", "tags", "dockerfile", "context", "entrypoint",
            "cmd", "createPullSecret", "injectRestartHelper", "restartHelperPath", "appendDockerfileInstructions",
            "rebuildStrategy", "build");
    private static final Set<String> IMAGE_V1BETA9 = plus(IMAGE_V1BETA10, "tagsAppendRandom", "preferSyncOverRebuild");
    private static final Set<String> BUILD = Set.of("docker", "kaniko", "buildKit", "custom", "disabled");
    private static final Set<String> DOCKER_V1BETA = Set.of("preferMinikube", "skipPush", "disableFallback",
            "useBuildKit", "useCli", "args", "options");
    private static final Set<String> BUILDKIT_V1BETA = Set.of("skipPush", "preferMinikube", "inCluster", "args",
            "command", "options");
    private static final Set<String> IN_CLUSTER = Set.of("name", "namespace", "rootless", "image", "nodeSelector",
            "noCreate", "noRecreate", "noLoad", "createArgs");
    private static final Set<String> KANIKO_V1BETA10 = Set.of("cache", "snapshotMode", "image", "initImage", "args",
            "command", "namespace", "insecure", "pullSecret", "skipPullSecretMount", "nodeSelector", "serviceAccount",
            "annotations", "labels", "initEnv", "env", "envFrom", "additionalMounts", "resources", "options");
    private static final Set<String> KANIKO_V1BETA11 = plus(KANIKO_V1BETA10, "tolerations");
    private static final Set<String> CUSTOM = Set.of("command", "commands", "args", "appendArgs", "imageFlag",
            "imageTagOnly", "skipImageArg", "onChange");
    private static final Set<String> CUSTOM_COMMAND = Set.of("command", "os");
    private static final Set<String> OPTIONS = Set.of("target", "network", "buildArgs");

    private static final Set<String> IMAGE_V2BETA1 = Set.of("name", "image", "tags", "dockerfile", "context",
            "entrypoint", "cmd", "appendDockerfileInstructions", "buildArgs", "target", "network", "rebuildStrategy",
            "skipPush", "createPullSecret", "buildKit", "docker", "kaniko", "custom", "injectRestartHelper",
            "injectLegacyRestartHelper", "restartHelperPath");
    private static final Set<String> DOCKER_V2BETA1 = Set.of("disableFallback", "preferMinikube", "useCli", "args",
            "useBuildKit");
    private static final Set<String> BUILDKIT_V2BETA1 = Set.of("inCluster", "preferMinikube", "args", "command");
    private static final Set<String> KANIKO_V2BETA1 = plus(minus(KANIKO_V1BETA11, "options"), "generateName");

    private static final Set<String> V2BETA1_ONLY_IMAGE_FIELDS = Set.of("buildKit", "docker", "kaniko", "custom",
            "buildArgs", "target", "network", "skipPush", "name", "injectLegacyRestartHelper");

    private final ConfigVersion version;
    private final Findings findings;

    private StrictFields(ConfigVersion version, Findings findings) {
        this.version = version;
        this.findings = findings;
    }

    /** Reports every key written twice anywhere in the document, as yaml.v3 refuses them. */
    static void duplicates(Node node, String path, Findings findings) {
        duplicates(node, path, findings, 0);
    }

    private static void duplicates(Node node, String path, Findings findings, int depth) {
        if (depth > YamlTree.MAX_DEPTH) {
            return;
        }
        if (node instanceof MappingNode mapping) {
            Set<String> seen = new HashSet<>();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode().getTag().equals(Tag.MERGE)) {
                    continue;
                }
                String name = tuple.getKeyNode() instanceof ScalarNode key ? key.getValue() : "?";
                String child = path.isEmpty() ? name : path + "." + name;
                if (!seen.add(name)) {
                    findings.problem(child, tuple.getKeyNode(), "is defined more than once");
                }
                duplicates(tuple.getValueNode(), child, findings, depth + 1);
            }
        } else if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                duplicates(items.get(i), path + "[" + i + "]", findings, depth + 1);
            }
        }
    }

    /** Reports the fields {@code version}'s structs do not have, at the top level and under images. */
    static void check(MappingNode root, ConfigVersion version, Findings findings) {
        new StrictFields(version, findings).document(root);
    }

    private void document(MappingNode root) {
        Map<String, Entry> top = Nodes.fields(root);
        known(top, "", switch (version) {
            case V1BETA9 -> TOP_V1BETA9;
            case V1BETA10, V1BETA11 -> TOP_V1BETA10;
            case V2BETA1 -> TOP_V2BETA1;
        }, "Config");
        MappingNode images = Nodes.mapping(top, "images");
        if (images == null) {
            return;
        }
        Nodes.fields(images).values().forEach(entry -> {
            if (entry.value() instanceof MappingNode image) {
                image("images." + entry.name(), image);
            }
        });
    }

    private void image(String path, MappingNode image) {
        Map<String, Entry> fields = Nodes.fields(image);
        if (version == ConfigVersion.V2BETA1) {
            known(fields, path, IMAGE_V2BETA1, "Image");
            MappingNode buildKit = Nodes.mapping(fields, "buildKit");
            known(Nodes.fields(buildKit), path + ".buildKit", BUILDKIT_V2BETA1, "BuildKitConfig");
            known(Nodes.fields(Nodes.mapping(Nodes.fields(buildKit), "inCluster")), path + ".buildKit.inCluster",
                    IN_CLUSTER, "BuildKitInClusterConfig");
            known(Nodes.fields(Nodes.mapping(fields, "docker")), path + ".docker", DOCKER_V2BETA1, "DockerConfig");
            known(Nodes.fields(Nodes.mapping(fields, "kaniko")), path + ".kaniko", KANIKO_V2BETA1, "KanikoConfig");
            custom(fields, path);
            return;
        }
        known(fields, path, version == ConfigVersion.V1BETA9 ? IMAGE_V1BETA9 : IMAGE_V1BETA10, "ImageConfig");
        booleans(fields, path, "tagsAppendRandom", "preferSyncOverRebuild");
        MappingNode build = Nodes.mapping(fields, "build");
        if (build == null) {
            return;
        }
        String buildPath = path + ".build";
        Map<String, Entry> engines = Nodes.fields(build);
        known(engines, buildPath, BUILD, "BuildConfig");
        booleans(engines, buildPath, "disabled");
        booleans(Nodes.fields(Nodes.mapping(engines, "docker")), buildPath + ".docker", "skipPush");
        booleans(Nodes.fields(Nodes.mapping(engines, "buildKit")), buildPath + ".buildKit", "skipPush");
        engine(engines, buildPath, "docker", DOCKER_V1BETA, "DockerConfig");
        engine(engines, buildPath, "buildKit", BUILDKIT_V1BETA, "BuildKitConfig");
        engine(engines, buildPath, "kaniko", version == ConfigVersion.V1BETA11 ? KANIKO_V1BETA11 : KANIKO_V1BETA10,
                "KanikoConfig");
        known(Nodes.fields(Nodes.mapping(Nodes.fields(Nodes.mapping(engines, "buildKit")), "inCluster")),
                buildPath + ".buildKit.inCluster", IN_CLUSTER, "BuildKitInClusterConfig");
        custom(engines, buildPath);
    }

    private void engine(Map<String, Entry> engines, String buildPath, String name, Set<String> fields, String type) {
        Map<String, Entry> engine = Nodes.fields(Nodes.mapping(engines, name));
        known(engine, buildPath + "." + name, fields, type);
        known(Nodes.fields(Nodes.mapping(engine, "options")), buildPath + "." + name + ".options", OPTIONS,
                "BuildOptions");
    }

    private void custom(Map<String, Entry> parent, String parentPath) {
        Map<String, Entry> custom = Nodes.fields(Nodes.mapping(parent, "custom"));
        known(custom, parentPath + ".custom", CUSTOM, "CustomConfig");
        Entry commands = custom.get("commands");
        if (commands != null && commands.value() instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                known(Nodes.fields(list.getValue().get(i)), parentPath + ".custom.commands[" + i + "]",
                        CUSTOM_COMMAND, "CustomConfigCommand");
            }
        }
    }

    /**
     * The booleans the upgrade itself reads (the validation after it never sees them): a string such as "true" does
     * not decode into a Go bool, so DevSpace refuses it.
     */
    private void booleans(Map<String, Entry> fields, String path, String... names) {
        for (String name : names) {
            Entry entry = fields.get(name);
            if (entry != null && !YamlTree.isNull(entry.value()) && !entry.value().getTag().equals(Tag.BOOL)) {
                findings.problem(path + "." + name, entry.value(), "expected true or false, found "
                        + YamlTree.kind(entry.value()));
            }
        }
    }

    private void known(Map<String, Entry> fields, String path, Set<String> known, String type) {
        for (Entry entry : fields.values()) {
            if (!known.contains(entry.name())) {
                String at = path.isEmpty() ? entry.name() : path + "." + entry.name();
                findings.problem(at, entry.key(), "is not a field of " + describe(type) + "; DevSpace refuses the "
                        + "file (\"field " + entry.name() + " not found in type " + goPackage() + "." + type + "\")"
                        + hint(type, entry.name()));
            }
        }
    }

    private String describe(String type) {
        String what = switch (type) {
            case "Config" -> "the top level";
            case "Image", "ImageConfig" -> "an image";
            case "BuildConfig" -> "build";
            case "BuildOptions" -> "build options";
            case "BuildKitInClusterConfig" -> "buildKit.inCluster";
            case "BuildKitConfig" -> "buildKit";
            case "DockerConfig" -> "docker";
            case "KanikoConfig" -> "kaniko";
            case "CustomConfig" -> "custom";
            case "CustomConfigCommand" -> "a custom command";
            default -> type;
        };
        return what + " in " + version.yamlName();
    }

    private String goPackage() {
        return version == ConfigVersion.V2BETA1 ? "latest" : version.yamlName();
    }

    private String hint(String type, String field) {
        if (type.equals("Image") && (field.equals("build") || field.equals("disabled") || field.equals("tagsAppendRandom")
                || field.equals("preferSyncOverRebuild"))) {
            return "; " + field + " is the v1beta layout: in v2beta1 the engines (buildKit, docker, kaniko, custom) "
                    + "and target, network, buildArgs, skipPush sit directly under the image, or keep the file as it "
                    + "was and set version: v1beta11 (v1beta9 for tagsAppendRandom, preferSyncOverRebuild)";
        }
        if (type.equals("ImageConfig") && V2BETA1_ONLY_IMAGE_FIELDS.contains(field)) {
            return "; " + field + " directly under an image is the v2beta1 layout: set version: v2beta1, or move it "
                    + "under build (build.buildKit, build.docker.options.target, ...)";
        }
        return "";
    }

    private static Set<String> plus(Set<String> set, String... more) {
        Set<String> result = new HashSet<>(set);
        result.addAll(List.of(more));
        return Set.copyOf(result);
    }

    private static Set<String> minus(Set<String> set, String name) {
        Set<String> result = new HashSet<>(set);
        result.remove(name);
        return Set.copyOf(result);
    }
}
