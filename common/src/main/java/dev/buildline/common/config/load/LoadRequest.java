package dev.buildline.common.config.load;

import java.util.List;
import java.util.Map;

/**
 * One devspace.yaml to load and everything a developer's shell would have supplied, as a server has it.
 *
 * @param configPath  the file's path in the repository ({@code devspace.yaml}, {@code services/api/devspace.yaml})
 * @param text        the file's text at the commit
 * @param directoryName the name of the directory the file sits in on a developer's machine (the repository's name
 *                    for a file at the root): DevSpace's default {@code name}
 * @param vars        variable values, as {@code devspace --var NAME=VALUE} gives them
 * @param profiles    profiles to activate, as {@code devspace -p NAME} (in order)
 * @param env         environment variables the loader may read: only those a repository's settings name, never
 *                    the server's whole environment
 * @param namespace   DEVSPACE_NAMESPACE ("" when unknown)
 * @param kubeContext DEVSPACE_CONTEXT ("" when unknown)
 * @param identity    what makes this load unique and repeatable (repository URL, commit, config path): seeds
 *                    DEVSPACE_RANDOM, so a redelivered push loads the same config
 * @param timestamp   DEVSPACE_TIMESTAMP in epoch seconds (the commit's time, so it is repeatable too)
 * @param files       the repository's other files at the same commit
 * @param git         the commit's git facts
 * @param sources     the names of the settings that supply values, for messages
 * @param gitImports  other repositories' files, for {@code imports} with {@code git}
 */
public record LoadRequest(String configPath, String text, String directoryName, Map<String, String> vars,
                          List<String> profiles, Map<String, String> env, String namespace, String kubeContext,
                          String identity, long timestamp, RepoFiles files, GitFacts git, Sources sources,
                          GitImports gitImports) {

    /** A request whose git imports are all refused. */
    public LoadRequest(String configPath, String text, String directoryName, Map<String, String> vars,
                       List<String> profiles, Map<String, String> env, String namespace, String kubeContext,
                       String identity, long timestamp, RepoFiles files, GitFacts git, Sources sources) {
        this(configPath, text, directoryName, vars, profiles, env, namespace, kubeContext, identity, timestamp, files,
                git, sources, GitImports.NONE);
    }

    public LoadRequest {
        gitImports = gitImports == null ? GitImports.NONE : gitImports;
        vars = Map.copyOf(vars);
        profiles = List.copyOf(profiles);
        env = Map.copyOf(env);
        namespace = namespace == null ? "" : namespace;
        kubeContext = kubeContext == null ? "" : kubeContext;
    }

    /** The same request, its commit's files, git facts and other repositories answered by these. */
    public LoadRequest answeredBy(RepoFiles otherFiles, GitFacts otherGit, GitImports otherGitImports) {
        return new LoadRequest(configPath, text, directoryName, vars, profiles, env, namespace, kubeContext, identity,
                timestamp, otherFiles, otherGit, sources, otherGitImports);
    }

    /** The repository directory of the file ("" for the root). */
    public String configDir() {
        int slash = configPath.lastIndexOf('/');
        return slash < 0 ? "" : configPath.substring(0, slash);
    }

    /**
     * How a user supplies what is missing, named in messages: e.g. {@code --var} or the repository's {@code vars} in
     * BUILDLINE_REPOSITORIES_FILE.
     */
    public record Sources(String vars, String env) {
        public static final Sources CLI = new Sources("--var NAME=VALUE",
                "nothing: plan and validate read no environment variables, give the value with --var");
    }
}
