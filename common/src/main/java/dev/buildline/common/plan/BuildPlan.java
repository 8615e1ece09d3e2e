package dev.buildline.common.plan;

import java.util.List;
import java.util.Map;

/**
 * What will run for one image: complete argv lists (executable first), never a shell line.
 * {@code createArgv} registers an in-cluster builder with buildx and is null otherwise.
 */
public record BuildPlan(String image, BuildMode mode, List<String> argv, List<String> createArgv,
                        Map<String, String> env, List<String> tags, boolean push, String builderName,
                        String builderNamespace) {

    public BuildPlan {
        argv = List.copyOf(argv);
        createArgv = createArgv == null ? null : List.copyOf(createArgv);
        env = Map.copyOf(env);
        tags = List.copyOf(tags);
    }
}
