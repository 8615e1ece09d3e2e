package dev.buildline.common.plan;

import dev.buildline.common.config.BuildKitConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InClusterConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exact {@code docker buildx build} invocation DevSpace's BuildKit builder makes for an image, as a pure function
 * of the image's config, where it is built, its resolved tags and its context layout.
 */
public final class BuildxPlanner {

    private BuildxPlanner() {
    }

    /**
     * In-cluster when {@code buildKit.inCluster} is set; minikube's daemon when the context is minikube and
     * {@code preferMinikube} is not false; the local daemon otherwise.
     */
    public static BuildMode mode(ImageConfig image, BuildSite site) {
        if (image.buildKit().inCluster() != null) {
            return BuildMode.IN_CLUSTER;
        }
        return usesMinikubeDaemon(image, site) ? BuildMode.MINIKUBE : BuildMode.LOCAL;
    }

    /**
     * True when the buildx process talks to minikube's Docker daemon: the context is minikube and
     * {@code preferMinikube} is not false. As in DevSpace this holds for in-cluster builds too, so that {@code --load}
     * puts the image where the cluster can run it. The caller then runs {@link LocalClusters#minikubeDockerEnvArgv}
     * and plans with {@link BuildSite#withMinikubeEnv}.
     */
    public static boolean usesMinikubeDaemon(ImageConfig image, BuildSite site) {
        return site.isMinikube() && image.buildKit().prefersMinikube();
    }

    /**
     * @param tags   the resolved tags (see {@link Tags#resolve}), without the image name
     * @param layout where context and Dockerfile are (see {@link ContextLayout#of})
     */
    public static BuildPlan plan(ImageConfig image, BuildSite site, List<String> tags, ContextLayout layout) {
        BuildKitConfig buildKit = image.buildKit();
        InClusterConfig inCluster = buildKit.inCluster();
        BuildMode mode = mode(image, site);
        boolean skipPush = image.skipPush() || site.forceSkipPush() || site.isLocalCluster();
        String builderName = null;
        String builderNamespace = null;
        if (inCluster != null) {
            builderNamespace = inCluster.namespaceOr(site.namespaceOrDefault());
            builderName = inCluster.builderName(builderNamespace);
        }
        List<String> references = tags.stream().map(tag -> image.image() + ":" + tag).toList();
        boolean push = !skipPush && !references.isEmpty();

        List<String> argv = new ArrayList<>(buildKit.command());
        argv.add("build");
        new TreeMap<>(image.buildArgs()).forEach((key, value) -> {
            if (value != null) {
                argv.addAll(List.of("--build-arg", key + "=" + value));
            }
        });
        if (image.network() != null && !image.network().isEmpty()) {
            argv.addAll(List.of("--network", image.network()));
        }
        references.forEach(reference -> argv.addAll(List.of("--tag", reference)));
        if (push) {
            argv.add("--push");
        } else if (skipPush && inCluster != null && !inCluster.noLoad()) {
            argv.add("--load");
        }
        argv.addAll(List.of("--file", layout.fileInContext()));
        if (image.target() != null && !image.target().isEmpty()) {
            argv.addAll(List.of("--target", image.target()));
        }
        if (builderName != null) {
            argv.addAll(List.of("--builder", builderName));
        }
        argv.addAll(buildKit.args());
        argv.add("-");

        List<String> createArgv = inCluster == null ? null : createArgv(buildKit, inCluster, builderName, builderNamespace);
        Map<String, String> env = usesMinikubeDaemon(image, site) ? site.minikubeEnv() : Map.of();
        List<List<String>> kindLoad = new ArrayList<>();
        String kindCluster = site.kindClusterName();
        if (skipPush && kindCluster != null) {
            references.forEach(reference -> kindLoad.add(LocalClusters.kindLoadArgv(kindCluster, reference)));
        }
        return new BuildPlan(image.name(), mode, argv, createArgv, env, references, push, builderName,
                builderNamespace, kindLoad, DockerfileEdits.of(image, layout));
    }

    /** {@code command + create --driver kubernetes ...}, the options in DevSpace's order, then createArgs. */
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
}
