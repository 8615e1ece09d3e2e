package dev.buildline.worker.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one repository's build gets from the operator beyond a plain build, as its settings grant it: its own registry
 * credentials ({@code dockerConfig}, a DOCKER_CONFIG directory, so each repository pushes with its own robot account)
 * and its secrets ({@code --secret id=X}, each value from the operator's mapping: a variable of the worker or a file
 * on the worker). The repository only names the id; where the value comes from is never the repository's to say, so
 * every {@code --secret} in the argv is rewritten to the operator's source, and an id that is not granted fails the
 * build. {@code masked} are values from the repository's settings that must not appear in what users read.
 */
public record BuildEnvironment(Optional<Path> dockerConfig, Map<String, SecretSource> secrets, List<String> masked) {

    /** A plain build: the worker's own registry credentials, no secrets, nothing to mask. */
    public static final BuildEnvironment NONE = new BuildEnvironment(Optional.empty(), Map.of(), List.of());

    public BuildEnvironment {
        secrets = Map.copyOf(secrets);
        masked = List.copyOf(masked);
    }

    public static BuildEnvironment of(Optional<Path> dockerConfig, Map<String, SecretSource> secrets) {
        return new BuildEnvironment(dockerConfig, secrets, List.of());
    }

    /** These grants, with the values of the repository's settings (its variables) that are masked in its build. */
    public BuildEnvironment withMasked(List<String> values) {
        return new BuildEnvironment(dockerConfig, secrets, values == null ? List.of() : values);
    }

    /** Where a granted secret's value comes from: a variable of the worker, or a file on the worker. */
    public sealed interface SecretSource {
    }

    /** {@code {env: NAME}}: passed to buildx as {@code env=NAME}, the variable set only in buildx's environment. */
    public record FromEnv(String name) implements SecretSource {
    }

    /** {@code {file: PATH}}: passed to buildx as {@code src=PATH}, a file the operator put on the worker. */
    public record FromFile(Path path) implements SecretSource {
    }

    /** What buildx runs with for one build: its argv with the secrets' sources, and its extra environment. */
    public record Resolved(List<String> argv, Map<String, String> env) {
    }

    /**
     * Rewrites the build's argv and makes its extra environment.
     *
     * @param workerVariable a variable of the worker's own environment (null when unset)
     * @throws InvalidBuildException a {@code --secret} without an id or with an id that is not granted, or a granted
     *                               variable the worker does not have (named; its value never is)
     */
    public Resolved resolve(List<String> argv, Function<String, String> workerVariable) throws InvalidBuildException {
        Map<String, String> env = new LinkedHashMap<>();
        if (dockerConfig.isPresent()) {
            env.put("DOCKER_CONFIG", dockerConfig.get().toString());
            if (workerVariable.apply("BUILDX_CONFIG") == null) {
                // buildx keeps its builders under DOCKER_CONFIG unless told otherwise: they stay the worker's, and
                // the repository's credentials directory (read-only, the operator's) is never written
                env.put("BUILDX_CONFIG", workerBuildxConfig(workerVariable));
            }
        }
        List<String> rewritten = new ArrayList<>(argv.size());
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("--secret") && i + 1 < argv.size()) {
                rewritten.add(arg);
                rewritten.add(source(argv.get(++i), env, workerVariable));
            } else if (arg.startsWith("--secret=")) {
                rewritten.add("--secret=" + source(arg.substring("--secret=".length()), env, workerVariable));
            } else {
                rewritten.add(arg);
            }
        }
        return new Resolved(rewritten, env);
    }

    /** Where buildx keeps its state for the worker's own DOCKER_CONFIG: {@code $DOCKER_CONFIG/buildx}, or ~/.docker. */
    private static String workerBuildxConfig(Function<String, String> workerVariable) {
        String own = workerVariable.apply("DOCKER_CONFIG");
        String home = workerVariable.apply("HOME");
        return (own != null ? own : (home == null ? "" : home) + "/.docker") + "/buildx";
    }

    /** The operator's source for one {@code --secret} spec: {@code id=X,env=NAME} or {@code id=X,src=PATH}. */
    private String source(String spec, Map<String, String> env, Function<String, String> workerVariable)
            throws InvalidBuildException {
        String id = secretId(spec);
        SecretSource source = secrets.get(id);
        if (source == null) {
            throw new InvalidBuildException("buildKit.args: --secret id=" + id + " is not granted to this repository "
                    + "(the operator grants it in BUILDLINE_REPOSITORIES_FILE, allow.secrets)");
        }
        if (source instanceof FromEnv fromEnv) {
            String value = workerVariable.apply(fromEnv.name());
            if (value == null) {
                throw new InvalidBuildException("secret " + id + ": the worker has no variable " + fromEnv.name()
                        + " (allow.secrets." + id + ".env)");
            }
            env.put(fromEnv.name(), value);
            return "id=" + id + ",env=" + fromEnv.name();
        }
        Path file = ((FromFile) source).path();
        return "id=" + id + ",src=" + file;
    }

    /** The id of a secret spec as buildx reads it: CSV fields {@code key=value}, the id from {@code id=}. */
    private static String secretId(String spec) throws InvalidBuildException {
        String id = null;
        for (String field : spec.split(",")) {
            int equals = field.indexOf('=');
            String key = equals < 0 ? field.strip() : field.substring(0, equals).strip();
            if (key.equalsIgnoreCase("id") && equals >= 0) {
                id = field.substring(equals + 1).strip();
            }
        }
        if (id == null || id.isEmpty()) {
            throw new InvalidBuildException("buildKit.args: --secret without id= (a build may use only the secrets "
                    + "granted to its repository, by id)");
        }
        return id;
    }
}
