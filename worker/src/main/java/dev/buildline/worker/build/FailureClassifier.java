package dev.buildline.worker.build;

import java.util.List;
import java.util.Locale;

/**
 * Decides from buildx's exit code and the end of its output whether trying again can help: an unreachable daemon or
 * registry, a registry 5xx, a builder that is not ready, or buildx killed by a signal is worth a retry; anything the
 * Dockerfile, the context or the configuration caused is not (a builder that does not exist, a flag buildx refuses,
 * a missing stage or Dockerfile), even when a transient-looking line appears next to it: trying again gives the same
 * answer, so the build ends failed at its first attempt with the reason. The phrases are buildx's own, as it prints
 * them (worker/src/test/resources/buildx-failures holds real output, with how it was made).
 */
public final class FailureClassifier {

    private static final List<String> PERMANENT = List.of(
            "dockerfile parse error",
            "did not complete successfully",
            "failed to read dockerfile",
            "failed to compute cache key",
            "unknown instruction",
            "unknown flag",
            "unknown shorthand flag",
            "invalid argument",
            "failed to parse",
            // buildx's builder.New: `no builder %q found`
            "no builder \"",
            // the Dockerfile frontend: `target stage %q could not be found`
            "could not be found");

    /** The docker CLI's exit code for a command line it refused (unknown flag, bad value) before doing anything. */
    private static final int USAGE_ERROR = 125;

    private static final List<String> TRANSIENT = List.of(
            "connection refused",
            "connection reset by peer",
            "cannot connect to the docker daemon",
            "is the docker daemon running",
            "500 internal server error",
            "502 bad gateway",
            "503 service unavailable",
            "504 gateway timeout",
            "i/o timeout",
            "tls handshake timeout",
            "context deadline exceeded",
            "builder is not ready",
            "is not running");

    private FailureClassifier() {
    }

    public static boolean isTransient(int exitCode, List<String> tail) {
        String text = String.join("\n", tail).toLowerCase(Locale.ROOT);
        if (exitCode == USAGE_ERROR || PERMANENT.stream().anyMatch(text::contains)) {
            return false;
        }
        // 128 + n: the process was ended by signal n, and not by Buildline (a stop is handled before this)
        return exitCode > 128 || TRANSIENT.stream().anyMatch(text::contains);
    }
}
