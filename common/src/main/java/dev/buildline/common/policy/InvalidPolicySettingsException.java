package dev.buildline.common.policy;

/** A grant or a builder profile the operator wrote cannot be used; the message names the entry and field. */
public final class InvalidPolicySettingsException extends RuntimeException {
    public InvalidPolicySettingsException(String message) {
        super(message);
    }
}
