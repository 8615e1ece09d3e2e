package dev.buildline.worker.incluster;

import dev.buildline.worker.incluster.model.BuilderKey;
import java.util.List;

/** {@code buildx create} for the builder failed or hung; carries the exact argv, exit code and output. */
public final class BuildxRegistrationException extends InClusterBuilderException {

    private final List<String> argv;
    private final int exitCode;

    BuildxRegistrationException(BuilderKey builder, List<String> argv, int exitCode, String output) {
        super(builder, "registering BuildKit builder " + builder.name() + " with buildx failed: "
                + String.join(" ", argv) + (exitCode < 0 ? " timed out" : " exited with " + exitCode)
                + (output.isBlank() ? "" : ": " + output.strip()), null);
        this.argv = List.copyOf(argv);
        this.exitCode = exitCode;
    }

    public List<String> argv() {
        return argv;
    }

    /** -1 when the process was killed after the timeout. */
    public int exitCode() {
        return exitCode;
    }
}
