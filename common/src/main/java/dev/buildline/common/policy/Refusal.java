package dev.buildline.common.policy;

/**
 * One thing devspace.yaml asks for that the repository is not granted: where ({@code images.app.buildKit.args[2]}),
 * what kind of value it is (never the value of a secret or an argument), and the setting that would grant it, or
 * null when no setting does.
 */
public record Refusal(String path, String kind, String grantedBy) {

    public String message() {
        return path + ": " + kind + " is not allowed; "
                + (grantedBy == null ? "no setting grants it" : "granted by " + grantedBy);
    }

    @Override
    public String toString() {
        return message();
    }
}
