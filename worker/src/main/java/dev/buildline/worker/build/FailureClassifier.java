package dev.buildline.worker.build;

import java.util.List;
import java.util.Locale;

/**
 * Decides from buildx's exit code and the end of its output whether trying again can help: an unreachable daemon or
 * registry, a registry 5xx, a builder that is not ready, or buildx killed by a signal is worth a retry; anything the
 * Dockerfile or the context caused is not, even when a transient-looking line appears next to it.
 */
public final class FailureClassifier {

    private static final List<String> PERMANENT = List.of(
            "dockerfile parse error",
            "did not complete successfully",
            "failed to read dockerfile",
            "failed to compute cache key",
            "unknown instruction",
            "unknown flag",
            "failed to parse");

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
            "no builder",
            "builder is not ready",
            "is not running");

    private FailureClassifier() {
    }

    public static boolean isTransient(int exitCode, List<String> tail) {
        String text = String.join("\n", tail).toLowerCase(Locale.ROOT);
        if (PERMANENT.stream().anyMatch(text::contains)) {
            return false;
        }
        // 128 + n: the process was ended by signal n, and not by Buildline (a stop is handled before this)
        return exitCode > 128 || TRANSIENT.stream().anyMatch(text::contains);
    }
}
