package dev.buildline.app.cli;

/** A command line or setting that cannot be run (it names the option or variable and the value); exit code 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
