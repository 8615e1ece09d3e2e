package dev.buildline.coordinator.intake;

/**
 * Intake will not build what it was asked to, for a reason the sender must fix; the message says what. Which HTTP
 * status a reason is answered with is chosen at the edge ({@code HttpApi}), not here; on the config-changes topic it
 * becomes a failed event.
 */
public class IntakeRejectedException extends RuntimeException {

    /** Why intake rejects. */
    public enum Reason {
        /** The commit, or a commit a git import names, is not in the repository. */
        UNKNOWN_COMMIT,
        /** devspace.yaml is not at the configured path at the commit. */
        CONFIG_MISSING,
        /** devspace.yaml cannot be loaded, or a path in it leaves the repository. */
        CONFIG_INVALID,
        /** A manual build names an image the file does not have. */
        UNKNOWN_IMAGE,
        /** The file asks for more than the repository is granted ({@link BuildRefusedException}). */
        REFUSED_BY_POLICY
    }

    private final Reason reason;

    public IntakeRejectedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
