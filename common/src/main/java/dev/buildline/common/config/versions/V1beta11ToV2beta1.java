package dev.buildline.common.config.versions;

import dev.buildline.common.config.YamlTree.Entry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * DevSpace's v1beta11 to v2beta1 step for images (v1beta11/upgrade.go:242-402): the key goes through
 * {@link ImageKeys#convert}; the DevSpace 5 {@code build:} block is taken apart into the v2beta1 fields; fields with no
 * successor vanish, as in DevSpace's non-strict copy.
 */
final class V1beta11ToV2beta1 {

    /** Copied unchanged, in DevSpace's order. */
    private static final List<String> COPIED = List.of("image", "tags", "dockerfile", "context", "entrypoint", "cmd",
            "createPullSecret");
    /** Options blocks in the order DevSpace applies them: the last one present replaces all three fields. */
    private static final List<String> OPTION_ENGINES = List.of("kaniko", "docker", "buildKit");

    private final Findings findings;
    private final Set<String> disabled = new LinkedHashSet<>();

    private V1beta11ToV2beta1(Findings findings) {
        this.findings = findings;
    }

    /** The upgraded document and the (converted) keys of images whose {@code build.disabled} is true. */
    record Result(MappingNode root, Set<String> disabled) {
    }

    static Result upgrade(MappingNode root, Findings findings) {
        V1beta11ToV2beta1 step = new V1beta11ToV2beta1(findings);
        Map<String, Entry> top = Nodes.fields(root);
        MappingNode images = Nodes.mapping(top, "images");
        if (images == null) {
            return new Result(root, Set.of());
        }
        MappingNode upgraded = step.images(images);
        return new Result(Nodes.with(root, "images", top.get("images").key(), upgraded), Set.copyOf(step.disabled));
    }

    private MappingNode images(MappingNode images) {
        Map<String, Entry> byKey = new LinkedHashMap<>();
        Nodes.Builder result = new Nodes.Builder(images);
        for (Entry entry : Nodes.fields(images).values()) {
            String key = ImageKeys.convert(entry.name());
            Entry first = byKey.putIfAbsent(key, entry);
            if (first != null) {
                findings.problem("images." + entry.name(), entry.key(), "becomes images." + key + " when DevSpace "
                        + "converts the file to v2beta1, as images." + first.name() + " does; DevSpace keeps one of them "
                        + "at random: rename one");
                continue;
            }
            if (!key.equals(entry.name())) {
                findings.warn("images." + entry.name(), entry.key(), "is images." + key + " in v2beta1 (DevSpace "
                        + "converts image keys); Buildline builds it as " + key + ", while DevSpace 6's generated build "
                        + "pipeline still names " + entry.name() + " and fails (\"couldn't find image "
                        + entry.name() + "\"): rename the key to " + key + " to build it with DevSpace too");
            }
            Node value = entry.value();
            if (value instanceof MappingNode image) {
                value = image(key, "images." + entry.name(), image);
            }
            findings.moved(value, "images." + key, "images." + entry.name());
            result.put(key, entry.key(), value);
            findings.moved(result.keyNode(key), "images." + key, "images." + entry.name());
            movedFields(value, key, entry.name(), entry.value());
        }
        return result.build();
    }

    private MappingNode image(String key, String writtenPath, MappingNode image) {
        Map<String, Entry> fields = Nodes.fields(image);
        Nodes.Builder next = new Nodes.Builder(image);
        COPIED.forEach(name -> next.copy(fields, name));
        next.copy(fields, "injectRestartHelper", "injectLegacyRestartHelper");
        next.copy(fields, "rebuildStrategy");
        next.copy(fields, "restartHelperPath");
        next.copy(fields, "appendDockerfileInstructions");

        MappingNode build = Nodes.mapping(fields, "build");
        Map<String, Entry> engines = Nodes.fields(build);
        MappingNode options = null;
        for (String engine : OPTION_ENGINES) {
            MappingNode candidate = Nodes.mapping(Nodes.fields(Nodes.mapping(engines, engine)), "options");
            if (candidate != null) {
                options = candidate;
            }
        }
        Map<String, Entry> chosen = Nodes.fields(options);
        next.copy(chosen, "network").copy(chosen, "buildArgs").copy(chosen, "target");

        MappingNode docker = Nodes.mapping(engines, "docker");
        MappingNode buildKit = Nodes.mapping(engines, "buildKit");
        for (MappingNode engine : new MappingNode[] {docker, buildKit}) {
            Map<String, Entry> engineFields = Nodes.fields(engine);
            if (Nodes.isTrue(engineFields, "skipPush") && !next.has("skipPush")) {
                Entry skipPush = engineFields.get("skipPush");
                next.put("skipPush", skipPush.key(), skipPush.value());
            }
        }
        if (docker != null) {
            Map<String, Entry> d = Nodes.fields(docker);
            next.put("docker", engines.get("docker").key(), new Nodes.Builder(docker).copy(d, "preferMinikube")
                    .copy(d, "disableFallback").copy(d, "useBuildKit").copy(d, "useCli").copy(d, "args").build());
        }
        if (buildKit != null) {
            Map<String, Entry> b = Nodes.fields(buildKit);
            Nodes.Builder nextBuildKit = new Nodes.Builder(buildKit).copy(b, "preferMinikube").copy(b, "args")
                    .copy(b, "command");
            MappingNode inCluster = Nodes.mapping(b, "inCluster");
            if (inCluster != null) {
                nextBuildKit.put("inCluster", b.get("inCluster").key(), inCluster);
            }
            next.put("buildKit", engines.get("buildKit").key(), nextBuildKit.build());
        }
        MappingNode custom = Nodes.mapping(engines, "custom");
        if (custom != null) {
            next.put("custom", engines.get("custom").key(), custom(custom));
        }
        MappingNode kaniko = Nodes.mapping(engines, "kaniko");
        if (kaniko != null) {
            next.put("kaniko", engines.get("kaniko").key(), Nodes.without(kaniko, "options"));
        }
        if (Nodes.isTrue(engines, "disabled")) {
            disabled.add(key);
        }
        return next.build();
    }

    /** {@code skipImageArg} false or unset becomes an explicit false; true becomes unset, which v2beta1 reads as skip. */
    private static MappingNode custom(MappingNode custom) {
        Map<String, Entry> c = Nodes.fields(custom);
        Nodes.Builder next = new Nodes.Builder(custom).copy(c, "command").copy(c, "onChange").copy(c, "args")
                .copy(c, "appendArgs").copy(c, "imageFlag").copy(c, "imageTagOnly");
        if (!Nodes.isTrue(c, "skipImageArg")) {
            Node at = c.containsKey("skipImageArg") ? c.get("skipImageArg").value() : custom;
            next.put("skipImageArg", at, Nodes.bool(false, at));
        }
        Entry commands = c.get("commands");
        if (commands != null && commands.value() instanceof SequenceNode list && !list.getValue().isEmpty()) {
            List<Node> items = new ArrayList<>();
            for (Node item : list.getValue()) {
                Map<String, Entry> command = Nodes.fields(item);
                items.add(item instanceof MappingNode
                        ? new Nodes.Builder(item).copy(command, "command").copy(command, "os").build() : item);
            }
            next.put("commands", commands.key(), Nodes.sequence(items, list));
        }
        return next.build();
    }

    /**
     * Messages about a field that moved name the path the user wrote: {@code build.buildKit.options.target} for
     * {@code target}, {@code build.buildKit} for {@code buildKit}, {@code injectRestartHelper} for its successor.
     */
    private void movedFields(Node upgraded, String key, String writtenKey, Node written) {
        if (!(upgraded instanceof MappingNode image) || !(written instanceof MappingNode original)) {
            return;
        }
        Map<String, Entry> before = Nodes.fields(original);
        Map<String, Entry> build = Nodes.fields(Nodes.mapping(before, "build"));
        String from = "images." + writtenKey;
        String to = "images." + key;
        for (Entry field : Nodes.fields(image).values()) {
            String writtenAt = switch (field.name()) {
                case "injectLegacyRestartHelper" -> from + ".injectRestartHelper";
                case "docker", "buildKit", "custom", "kaniko" -> from + ".build." + field.name();
                case "network", "buildArgs", "target", "skipPush" -> from + ".build." + engineOf(build, field.value())
                        + (field.name().equals("skipPush") ? "" : ".options") + "." + field.name();
                default -> from + "." + field.name();
            };
            findings.moved(field.key(), to + "." + field.name(), writtenAt);
            findings.moved(field.value(), to + "." + field.name(), writtenAt);
        }
    }

    /** Which engine block under build holds {@code value} (a node the upgrade moved up unchanged). */
    private static String engineOf(Map<String, Entry> build, Node value) {
        for (String engine : List.of("kaniko", "docker", "buildKit")) {
            Map<String, Entry> fields = Nodes.fields(Nodes.mapping(build, engine));
            Map<String, Entry> options = Nodes.fields(Nodes.mapping(fields, "options"));
            for (Entry entry : fields.values()) {
                if (entry.value() == value) {
                    return engine;
                }
            }
            for (Entry entry : options.values()) {
                if (entry.value() == value) {
                    return engine;
                }
            }
        }
        return "?";
    }
}
