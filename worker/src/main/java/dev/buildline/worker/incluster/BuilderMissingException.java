package dev.buildline.worker.incluster;

import dev.buildline.worker.incluster.model.BuilderKey;

/** The builder's Deployment does not exist and {@code noCreate} forbids making it. */
public final class BuilderMissingException extends InClusterBuilderException {

    BuilderMissingException(BuilderKey builder, String noCreatePath) {
        super(builder, "BuildKit builder " + builder.name() + " does not exist in namespace " + builder.namespace()
                + " (no Deployment " + builder.deploymentName() + ") and " + noCreatePath
                + " is true, so Buildline will not create it", null);
    }
}
