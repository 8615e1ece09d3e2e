package dev.buildline.common.config.load;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.ConfigProblem;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.InvalidConfigException;
import dev.buildline.common.config.YamlTree;
import dev.buildline.common.messages.BuildIds;
import dev.buildline.common.plan.ContextLayout.PathEscapesRepositoryException;
import dev.buildline.common.plan.RepoPaths;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads a devspace.yaml the way DevSpace 6's loader does before it parses (loader.go parseConfig): read the YAML,
 * default the name, read the commit's {@code .env}, resolve imports, apply profiles, fill variables and expressions
 * everywhere but the runtime locations, drop {@code vars}, {@code imports} and {@code profiles}, and hand the tree to
 * {@link ConfigParser#parse(Node, String)}. Pure: the repository's files and git facts come in through the request.
 */
public final class ConfigLoader {

    /** DevSpace's runtime Locations (variable/runtime/runtime_variable.go): filled later, left as written here. */
    static final List<String> RUNTIME_LOCATIONS = List.of("/images/*/build/custom/command",
            "/images/*/build/custom/commands/*/command", "/images/*/build/custom/args/**",
            "/images/*/build/custom/appendArgs/**", "/deployments/*/helm/values/**",
            "/deployments/*/kubectl/inlineManifest/**", "/hooks/*/command", "/hooks/*/args/*",
            "/hooks/*/container/imageSelector", "/dev/*/imageSelector", "/dev/*/replaceImage", "/dev/*/devImage",
            "/dev/*/containers/*/replaceImage", "/dev/*/containers/*/devImage", "/dev/ports/*/imageSelector",
            "/dev/sync/*/imageSelector", "/dev/logs/*/selectors/*/imageSelector", "/dev/replacePods/*/imageSelector",
            "/dev/replacePods/*/replaceImage", "/dev/terminal/imageSelector", "/pipelines/*", "/pipelines/*/flags/**",
            "/pipelines/*/run", "/commands/*", "/commands/*/command", "/functions/**", "/imports/**");
    /** Image fields Buildline never builds from, where a literal {@code ${runtime.*}} is DevSpace's own. */
    private static final Predicate<List<String>> NOT_BUILT = Paths.globs(List.of("/images/*/build/custom/**",
            "/images/*/custom/**"));

    private final ConfigParser parser;

    public ConfigLoader(ConfigParser parser) {
        this.parser = parser;
    }

    /**
     * The loaded tree (what DevSpace would parse), the loader's warnings, and the predefined variables whose values
     * it used ({@code DEVSPACE_RANDOM}, {@code DEVSPACE_TIMESTAMP}, ...).
     */
    public record Loaded(Node root, List<String> warnings, Set<String> predefinedUsed) {
    }

    /**
     * A loaded config and the predefined variables its load used: with what the request's files, git facts and git
     * imports were asked, all that the config depends on besides the text and the settings ({@code ConfigCache}).
     */
    public record Traced(DevspaceConfig config, Set<String> predefinedUsed) {
    }

    /**
     * @throws InvalidConfigException with the problem and its YAML path; nothing is built from such a file
     */
    public DevspaceConfig load(LoadRequest request) {
        return loadTraced(request).config();
    }

    /** {@link #load}, saying which predefined variables the result depends on. */
    public Traced loadTraced(LoadRequest request) {
        Loaded loaded = loadTree(request);
        DevspaceConfig config = parser.parse(loaded.root(), request.configDir());
        if (loaded.warnings().isEmpty()) {
            return new Traced(config, loaded.predefinedUsed());
        }
        List<String> warnings = new ArrayList<>(loaded.warnings());
        warnings.addAll(config.warnings());
        return new Traced(new DevspaceConfig(config.images(), warnings), loaded.predefinedUsed());
    }

    public Loaded loadTree(LoadRequest request) {
        int bytes = request.text().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > ConfigParser.MAX_BYTES) {
            throw Problems.at("", null, "the file is " + bytes + " bytes, more than the limit of " + ConfigParser.MAX_BYTES);
        }
        Node raw;
        try {
            raw = YamlTree.readFirst(request.text());
        } catch (YAMLException e) {
            throw Problems.at("", null, "not valid YAML: " + YamlTree.describe(e));
        }
        if (!(raw instanceof MappingNode)) {
            return new Loaded(raw, List.of(), Set.of()); // the parser names what is wrong with it
        }
        Budget budget = new Budget(Nodes.MAX_NODES);
        List<String> warnings = new ArrayList<>();
        try {
            MappingNode root = (MappingNode) Nodes.expand(raw, budget, "");
            String name = defaultName(root, request);
            Predefined predefined = new Predefined(request, () -> name);
            return new Loaded(load(root, request, predefined, budget, warnings), warnings, predefined.used());
        } catch (Nodes.TooLargeException e) {
            throw Problems.at(e.path(), null, e.getMessage());
        }
    }

    private MappingNode load(MappingNode root, LoadRequest request, Predefined predefined, Budget budget,
                             List<String> warnings) {
        Map<String, String> env = environment(root, request);
        Variables variables = new Variables(request, env, predefined, new Expressions(new GitCommands(request.git())),
                budget);
        new Imports(variables, request.files(), request.gitImports(), budget).resolve(root, request.configDir(), request.configPath());
        new Profiles(variables, env, budget, warnings).apply(root, request.profiles());
        variables.define(root);
        Nodes.remove(root, "vars");
        variables.fill(root, List.of(), Paths.globs(RUNTIME_LOCATIONS), false);
        refuseLeftovers(root, variables, request);
        return root;
    }

    /** LoadRaw: a missing or non-string name becomes the directory's name, converted, or "devspace". */
    private static String defaultName(MappingNode root, LoadRequest request) {
        if (Nodes.get(root, "name") instanceof ScalarNode scalar && GoValues.isString(scalar)
                && !scalar.getValue().isEmpty()) {
            return scalar.getValue();
        }
        String dir = request.directoryName() == null ? "" : request.directoryName();
        String name = dir.length() > 2 ? convert(dir) : "devspace";
        Nodes.put(root, "name", GoValues.stringNode(name, root.getStartMark()));
        return name;
    }

    /** DevSpace's encoding.Convert. */
    static String convert(String id) {
        String converted = id.toLowerCase(Locale.ROOT).replaceAll("[@/.:\\s]+", "-").replaceAll("[^a-z0-9-]+", "");
        return converted.length() > 63 ? converted.substring(0, 55) + "-" + sha(converted).substring(0, 7) : converted;
    }

    private static String sha(String text) {
        return BuildIds.sha256(text);
    }

    /**
     * The environment the loader reads: what the settings allow, plus the commit's env file (DEVSPACE_ENV_FILE, by
     * the settings or the file's own vars; {@code .env} for upgraded v1beta files), which never overrides.
     */
    private static Map<String, String> environment(MappingNode root, LoadRequest request) {
        Map<String, String> env = new HashMap<>(request.env());
        String envFile = request.env().get("DEVSPACE_ENV_FILE");
        Node vars = Nodes.get(root, "vars");
        String where = "DEVSPACE_ENV_FILE";
        if (envFile == null || envFile.isEmpty()) {
            envFile = declaredEnvFile(vars);
            where = "vars.DEVSPACE_ENV_FILE";
        }
        if ((envFile == null || envFile.isEmpty()) && Nodes.get(root, "version") instanceof ScalarNode version
                && version.getValue().startsWith("v1beta")) {
            envFile = ".env";
        }
        if (envFile == null || envFile.isEmpty()) {
            return env;
        }
        String path;
        try {
            path = RepoPaths.resolve(request.configDir(), envFile, "DEVSPACE_ENV_FILE");
        } catch (PathEscapesRepositoryException e) {
            throw Problems.at(where, null, "the env file '" + envFile + "' leaves the repository (" + e.reason()
                    + "); Buildline reads it from the commit only");
        }
        String text = request.files().read(path).orElse(null);
        if (text == null) {
            return env;
        }
        try {
            DotEnv.parse(text).forEach(env::putIfAbsent);
        } catch (IllegalArgumentException e) {
            throw Problems.at(where, null, path + " cannot be read: " + e.getMessage());
        }
        return env;
    }

    private static String declaredEnvFile(Node vars) {
        Node definition = null;
        if (vars instanceof MappingNode) {
            definition = Nodes.get(vars, "DEVSPACE_ENV_FILE");
        } else if (vars instanceof SequenceNode list) {
            for (Node item : list.getValue()) {
                if (Nodes.get(item, "name") instanceof ScalarNode n && n.getValue().equals("DEVSPACE_ENV_FILE")) {
                    definition = item;
                }
            }
        }
        if (definition instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        for (String field : List.of("value", "default")) {
            if (Nodes.get(definition, field) instanceof ScalarNode scalar && !Nodes.isNull(scalar)) {
                return scalar.getValue();
            }
        }
        return null;
    }

    /**
     * DevSpace leaves an undeclared {@code ${X}} as written and fails later (or builds with the text); under
     * {@code images} Buildline says which variable has no value, where it is used and how to give it.
     */
    private static void refuseLeftovers(MappingNode root, Variables variables, LoadRequest request) {
        Node images = Nodes.get(root, "images");
        Map<String, Set<String>> left = new LinkedHashMap<>();
        Predicate<List<String>> skipped = Paths.globs(RUNTIME_LOCATIONS).or(NOT_BUILT);
        Variables.walk(images, List.of("images"), skipped, (scalar, at) -> {
            for (String name : Variables.leftovers(scalar.getValue())) {
                if (!variables.escaped(Paths.dotted(at), name)) {
                    left.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(Paths.dotted(at));
                }
            }
            return scalar;
        });
        if (left.isEmpty()) {
            return;
        }
        List<ConfigProblem> problems = new ArrayList<>();
        left.forEach((name, paths) -> {
            String message = name.startsWith("runtime.")
                    ? "${" + name + "} is a runtime variable, which DevSpace fills only in custom build commands; "
                    + "here it stays as written"
                    : "${" + name + "} has no value: it is not declared under vars and not given, so DevSpace "
                    + "would leave it as written (it reads undeclared variables from the developer's environment); "
                    + "give it with " + request.sources().vars() + " or declare it under vars";
            for (String path : paths) {
                problems.add(new ConfigProblem(path, message));
            }
        });
        throw new InvalidConfigException(problems);
    }
}
