package dev.buildline.common.plan;

import dev.buildline.common.config.ImageConfig;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The steps from an image's config to its {@link BuildPlan}, shared by {@code buildline plan} and the worker so that
 * what plan prints is what runs: lay out context and Dockerfile, pick the daemon, ask minikube for its environment
 * when its daemon builds, then plan the argv.
 */
public final class ImagePlans {

    private ImagePlans() {
    }

    /** Runs {@code minikube docker-env} for a profile and returns its parsed output. */
    @FunctionalInterface
    public interface MinikubeEnv {
        Map<String, String> forProfile(String profile);
    }

    /**
     * @param configDir directory of devspace.yaml relative to the repository root ("" for the root)
     * @param tags      resolved tags, see {@link #tags}
     * @throws ContextLayout.PathEscapesRepositoryException when context or Dockerfile leave the repository
     */
    public static BuildPlan plan(ImageConfig image, String configDir, BuildSite site, List<String> tags,
                                 MinikubeEnv minikubeEnv) {
        ContextLayout layout = ContextLayout.of(configDir, image.context(), image.dockerfile());
        BuildSite effective = site;
        if (BuildxPlanner.usesMinikubeDaemon(image, site) && site.minikubeEnv().isEmpty()) {
            String profile = site.kubeContext() != null ? site.kubeContext() : LocalClusters.MINIKUBE_CONTEXT;
            effective = site.withMinikubeEnv(minikubeEnv.forProfile(profile));
        }
        return BuildxPlanner.plan(image, effective, tags, layout);
    }

    /** DevSpace's {@code --tag}: tags given for the run replace the image's own; either way '#' becomes a letter. */
    public static List<String> tags(ImageConfig image, List<String> override, RandomGenerator random) {
        return Tags.resolve(override.isEmpty() ? image.tags() : override, random);
    }
}
