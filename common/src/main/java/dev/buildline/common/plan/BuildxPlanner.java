package dev.buildline.common.plan;

import dev.buildline.common.config.BuildKitConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exact {@code docker buildx build} invocation DevSpace makes for an image, as a pure function of the image's
 * config, where it is built, its resolved tags and its context layout.
 */
public final class BuildxPlanner {

    private BuildxPlanner() {
    }

    public static BuildPlan plan(ImageConfig image, BuildSite site, List<String> tags, ContextLayout layout) {
        BuildKitConfig buildKit = image.buildKit();
        InClusterConfig inCluster = buildKit.inCluster();
        BuildMode mode = inCluster != null ? BuildMode.IN_CLUSTER
                : site.isMinikube() && buildKit.prefersMinikube() ? BuildMode.MINIKUBE
                : BuildMode.LOCAL;
        boolean skipPush = image.skipPush() || site.forceSkipPush() || site.isLocalCluster();
        String builderName = null;
        String builderNamespace = null;
        if (inCluster != null) {
            builderNamespace = inCluster.namespaceOr(site.namespaceOrDefault());
            builderName = inCluster.builderName(site.namespaceOrDefault());
        }

        List<String> argv = new ArrayList<>(buildKit.command());
        argv.add("build");
        new TreeMap<>(nonNull(image.buildArgs())).forEach((key, value) -> {
            argv.add("--build-arg");
            argv.add(key + "=" + value);
        });
        if (image.network() != null && !image.network().isEmpty()) {
            argv.add("--network");
            argv.add(image.network());
        }
        List<String> references = new ArrayList<>();
        for (String tag : tags) {
            references.add(image.image() + ":" + tag);
            argv.add("--tag");
            argv.add(image.image() + ":" + tag);
        }
        boolean push = !skipPush && !tags.isEmpty();
        if (push) {
            argv.add("--push");
        } else if (skipPush && inCluster != null && !inCluster.noLoad()) {
            argv.add("--load");
        }
        argv.add("--file");
        argv.add(layout.fileInContext());
        if (image.target() != null && !image.target().isEmpty()) {
            argv.add("--target");
            argv.add(image.target());
        }
        if (builderName != null) {
            argv.add("--builder");
            argv.add(builderName);
        }
        argv.addAll(buildKit.args());
        argv.add("-");

        List<String> createArgv = inCluster == null ? null : createArgv(buildKit, inCluster, builderName, builderNamespace);
        Map<String, String> env = mode == BuildMode.MINIKUBE ? site.minikubeEnv() : Map.of();
        return new BuildPlan(image.name(), mode, argv, createArgv, env, references, push, builderName, builderNamespace);
    }

    private static List<String> createArgv(BuildKitConfig buildKit, InClusterConfig inCluster, String name, String namespace) {
        List<String> argv = new ArrayList<>(buildKit.command());
        argv.addAll(List.of("create", "--driver", "kubernetes", "--driver-opt", "namespace=" + namespace, "--name", name));
        if (inCluster.rootless()) {
            argv.addAll(List.of("--driver-opt", "rootless=true"));
        }
        if (inCluster.image() != null && !inCluster.image().isEmpty()) {
            argv.addAll(List.of("--driver-opt", "image=" + inCluster.image()));
        }
        if (inCluster.nodeSelector() != null && !inCluster.nodeSelector().isEmpty()) {
            argv.addAll(List.of("--driver-opt", "nodeselector=" + inCluster.nodeSelector()));
        }
        argv.addAll(inCluster.createArgs());
        return argv;
    }

    private static Map<String, String> nonNull(Map<String, String> buildArgs) {
        Map<String, String> kept = new TreeMap<>();
        buildArgs.forEach((key, value) -> {
            if (value != null) {
                kept.put(key, value);
            }
        });
        return kept;
    }
}
