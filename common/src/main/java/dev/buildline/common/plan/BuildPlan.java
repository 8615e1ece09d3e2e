package dev.buildline.common.plan;

import java.util.List;
import java.util.Map;

/**
 * What will run for one image: complete argv lists (executable first), never a shell line.
 * {@code createArgv} registers an in-cluster builder with buildx and is null otherwise; {@code kindLoadArgv} holds
 * one {@code kind load docker-image} per tag after a skip-push build on a kind cluster (failures are only logged).
 * {@code tags} are the full references built ({@code john/appbackend:DRLzYNS}). {@code dockerfileEdit}, when not null,
 * is what DevSpace adds to the Dockerfile for entrypoint, cmd and appendDockerfileInstructions; the Dockerfile inside
 * the context tar is the edited one (see {@link DockerfileEdits}).
 */
public record BuildPlan(String image, BuildMode mode, List<String> argv, List<String> createArgv,
                        Map<String, String> env, List<String> tags, boolean push, String builderName,
                        String builderNamespace, List<List<String>> kindLoadArgv, DockerfileEdits.Edit dockerfileEdit) {

    public BuildPlan {
        argv = List.copyOf(argv);
        createArgv = createArgv == null ? null : List.copyOf(createArgv);
        env = Map.copyOf(env);
        tags = List.copyOf(tags);
        kindLoadArgv = kindLoadArgv == null ? List.of() : kindLoadArgv.stream().map(List::copyOf).toList();
    }

    public BuildPlan(String image, BuildMode mode, List<String> argv, List<String> createArgv, Map<String, String> env,
                     List<String> tags, boolean push, String builderName, String builderNamespace) {
        this(image, mode, argv, createArgv, env, tags, push, builderName, builderNamespace, List.of(), null);
    }

    /** buildx's kubernetes driver names a builder's Deployment {@code <name>0}. */
    public static String deploymentName(String builderName) {
        return builderName + "0";
    }
}
