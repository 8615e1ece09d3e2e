package dev.buildline.worker.incluster.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The BuildKit Deployment that buildx's kubernetes driver would create for a builder, so that {@code buildx} adopts
 * the one Buildline made: same name ({@code <name>0}), {@code app} label and selector, one {@code buildkitd}
 * container probed with {@code buildctl debug workers}, privileged unless rootless. A pure function of the spec.
 */
public final class BuildkitDeployment {

    public static final String HASH_ANNOTATION = "buildline.dev/builder-hash";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "buildline";
    /** The builder ({@code namespace/name}) the Deployment was made for: only then may Buildline replace it. */
    public static final String BUILDER_ANNOTATION = "buildline.dev/builder";
    static final String CONTAINER = "buildkitd";
    private static final long ROOTLESS_UID = 1000L;

    private BuildkitDeployment() {
    }

    public static Deployment desired(BuilderSpec spec) {
        Map<String, String> selector = Map.of("app", spec.key().deploymentName());
        Map<String, String> labels = new TreeMap<>(selector);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        Map<String, String> podAnnotations = new LinkedHashMap<>();
        if (spec.rootless()) {
            // Rootless BuildKit needs what AppArmor and seccomp would block. Clusters before 1.30 read only this
            // annotation; newer ones read securityContext.appArmorProfile and require the two to agree.
            podAnnotations.put("container.apparmor.security.beta.kubernetes.io/" + CONTAINER, "unconfined");
        }
        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(spec.key().deploymentName())
                    .withNamespace(spec.key().namespace())
                    .withLabels(labels)
                    .withAnnotations(new TreeMap<>(Map.of(HASH_ANNOTATION, spec.hash(),
                            BUILDER_ANNOTATION, spec.key().toString())))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(spec.deploymentArgs().replicas())
                    .withNewSelector().withMatchLabels(selector).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(selector).withAnnotations(podAnnotations).endMetadata()
                        .withSpec(podSpec(spec))
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static PodSpec podSpec(BuilderSpec spec) {
        PodSpecBuilder pod = new PodSpecBuilder().withContainers(container(spec));
        if (spec.deploymentArgs().serviceAccount() != null) {
            pod.withServiceAccountName(spec.deploymentArgs().serviceAccount());
        }
        if (!spec.nodeSelector().isEmpty()) {
            pod.withNodeSelector(new TreeMap<>(spec.nodeSelector()));
        }
        if (spec.rootless()) {
            // The image declares a VOLUME here, but node images that mount it nosuid break rootless BuildKit.
            pod.addNewVolume().withName("buildkitd").withNewEmptyDir().endEmptyDir().endVolume();
        }
        return pod.build();
    }

    private static Container container(BuilderSpec spec) {
        List<String> args = new ArrayList<>(spec.deploymentArgs().buildkitdFlags());
        ContainerBuilder container = new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(spec.buildkitImage())
                .withNewReadinessProbe().withNewExec().withCommand("buildctl", "debug", "workers").endExec().endReadinessProbe()
                .withNewResources()
                    .withRequests(quantities(spec.deploymentArgs().requests()))
                    .withLimits(quantities(spec.deploymentArgs().limits()))
                .endResources();
        if (spec.rootless()) {
            args.add("--oci-worker-no-process-sandbox");
            container.withSecurityContext(new SecurityContextBuilder()
                            .withRunAsUser(ROOTLESS_UID).withRunAsGroup(ROOTLESS_UID).withRunAsNonRoot(true)
                            .withNewSeccompProfile().withType("Unconfined").endSeccompProfile()
                            .withNewAppArmorProfile().withType("Unconfined").endAppArmorProfile()
                            .build())
                    .addNewVolumeMount().withName("buildkitd").withMountPath("/home/user/.local/share/buildkit").endVolumeMount();
        } else {
            container.withSecurityContext(new SecurityContextBuilder().withPrivileged(true).build());
        }
        return container.withArgs(args).build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> values) {
        Map<String, Quantity> quantities = new TreeMap<>();
        values.forEach((resource, amount) -> quantities.put(resource, new Quantity(amount)));
        return quantities;
    }
}
