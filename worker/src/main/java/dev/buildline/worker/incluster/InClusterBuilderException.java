package dev.buildline.worker.incluster;

import dev.buildline.worker.incluster.model.BuilderKey;

/** The in-cluster builder could not be made usable; the message says which builder and why, for the build's error. */
public abstract sealed class InClusterBuilderException extends RuntimeException
        permits BuilderMissingException, BuilderNotReadyException, BuilderApiException, BuildxRegistrationException,
        BuilderInTheWayException, BuilderNamespaceMissingException {

    private final BuilderKey builder;

    InClusterBuilderException(BuilderKey builder, String message, Throwable cause) {
        super(message, cause);
        this.builder = builder;
    }

    public BuilderKey builder() {
        return builder;
    }
}
