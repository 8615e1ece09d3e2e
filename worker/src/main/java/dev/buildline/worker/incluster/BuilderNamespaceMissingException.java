package dev.buildline.worker.incluster;

import dev.buildline.worker.incluster.model.BuilderKey;

/** The builder's namespace does not exist; namespaces are the operator's, and Buildline never creates one. */
public final class BuilderNamespaceMissingException extends InClusterBuilderException {

    BuilderNamespaceMissingException(BuilderKey builder, Throwable cause) {
        super(builder, "namespace " + builder.namespace() + " of BuildKit builder " + builder.name() + " does not "
                + "exist; Buildline does not create namespaces: the operator makes it (and grants the worker its Role "
                + "there)", cause);
    }
}
