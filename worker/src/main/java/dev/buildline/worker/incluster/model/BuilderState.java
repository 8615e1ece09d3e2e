package dev.buildline.worker.incluster.model;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.Map;
import java.util.Optional;

/** Reading a live BuildKit Deployment against its spec: does it match, and is it ready to take builds. */
public final class BuilderState {

    private BuilderState() {
    }

    /** The hash the Deployment carries, or null when someone other than Buildline made it. */
    public static String hashOf(Deployment deployment) {
        Map<String, String> annotations = deployment.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(BuildkitDeployment.HASH_ANNOTATION);
    }

    /**
     * True when Buildline made the Deployment for this builder: its managed-by label says Buildline and its builder
     * annotation names the same namespace and builder. Nothing else is deleted, replaced or built on.
     */
    public static boolean isOwn(Deployment deployment, BuilderKey key) {
        Map<String, String> labels = deployment.getMetadata().getLabels();
        Map<String, String> annotations = deployment.getMetadata().getAnnotations();
        return labels != null && BuildkitDeployment.MANAGED_BY.equals(labels.get(BuildkitDeployment.MANAGED_BY_LABEL))
                && annotations != null && key.toString().equals(annotations.get(BuildkitDeployment.BUILDER_ANNOTATION));
    }

    public static boolean matches(Deployment deployment, BuilderSpec spec) {
        return spec.hash().equals(hashOf(deployment));
    }

    /**
     * Empty when the controller has seen the current generation and enough replicas are available; otherwise the
     * reason, in words a user can act on.
     */
    public static Optional<String> notReadyReason(Deployment deployment) {
        long generation = orZero(deployment.getMetadata().getGeneration());
        DeploymentStatus status = deployment.getStatus();
        long observed = status == null ? 0 : orZero(status.getObservedGeneration());
        int wanted = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        int available = status == null || status.getAvailableReplicas() == null ? 0 : status.getAvailableReplicas();
        String reason;
        if (observed < generation) {
            reason = "the Deployment controller has not observed generation " + generation + " yet (observed " + observed + ")";
        } else if (available < wanted) {
            reason = available + " of " + wanted + " BuildKit replicas available";
        } else {
            return Optional.empty();
        }
        if (status != null && status.getConditions() != null) {
            for (DeploymentCondition condition : status.getConditions()) {
                if ("False".equals(condition.getStatus()) && condition.getMessage() != null) {
                    reason += "; " + condition.getType() + ": " + condition.getMessage();
                }
            }
        }
        return Optional.of(reason);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
