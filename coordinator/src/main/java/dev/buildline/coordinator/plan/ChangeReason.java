package dev.buildline.coordinator.plan;

/** Why an image is a build candidate. */
public enum ChangeReason {
    /** The image did not exist in the previous devspace.yaml. */
    NEW_IMAGE,
    /** Its own entry under images: changed. */
    CONFIG_CHANGED,
    /** A path in its context directory, or its Dockerfile, changed. */
    CONTEXT_CHANGED,
    /** What changed is not known (no previous commit, truncated list): the inputs identity decides. */
    CHANGES_UNKNOWN,
    /** Asked for by hand. */
    MANUAL
}
