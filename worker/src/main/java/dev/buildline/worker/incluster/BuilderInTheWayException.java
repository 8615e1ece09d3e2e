package dev.buildline.worker.incluster;

import dev.buildline.worker.incluster.model.BuilderKey;
import dev.buildline.worker.incluster.model.BuildkitDeployment;

/**
 * A Deployment Buildline did not make for this builder has the builder's name: another team's builder, or anything
 * else. Buildline neither builds on it nor deletes it; trying again gives the same answer.
 */
public final class BuilderInTheWayException extends InClusterBuilderException {

    BuilderInTheWayException(BuilderKey builder) {
        super(builder, "Deployment " + builder.namespace() + "/" + builder.deploymentName() + " is in the way of "
                + "BuildKit builder " + builder.name() + ": Buildline did not make it for this builder (it lacks the "
                + "label " + BuildkitDeployment.MANAGED_BY_LABEL + "=buildline and the annotation "
                + BuildkitDeployment.BUILDER_ANNOTATION + "=" + builder + "), so it neither builds on it nor replaces "
                + "it; its owner may delete it, or the image may use another builder", null);
    }
}
