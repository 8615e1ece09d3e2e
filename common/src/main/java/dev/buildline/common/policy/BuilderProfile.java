package dev.buildline.common.policy;

import java.util.List;

/**
 * An in-cluster builder the operator defines in BUILDLINE_BUILDERS_FILE. Its name is the builder's (buildx's
 * {@code --name}, the Deployment {@code <name>0}); a repository uses it by naming it in {@code inCluster.name} when
 * {@code allow.builders} lists it. {@code replicas} is null for buildx's default.
 */
public record BuilderProfile(String name, String namespace, String image, boolean rootless, String nodeSelector,
                             List<String> createArgs, Integer replicas) {

    public BuilderProfile {
        createArgs = createArgs == null ? List.of() : List.copyOf(createArgs);
    }

    /** {@code inCluster.createArgs} as the build request carries them: the profile's, then its replicas. */
    public List<String> effectiveCreateArgs() {
        if (replicas == null) {
            return createArgs;
        }
        List<String> args = new java.util.ArrayList<>(createArgs);
        args.add("--driver-opt=replicas=" + replicas);
        return List.copyOf(args);
    }
}
