package dev.buildline.worker.build;

/** A request that cannot become a build (its context or Dockerfile path, its options); it fails at once, unretried. */
public final class InvalidBuildException extends Exception {

    InvalidBuildException(RuntimeException cause) {
        super("invalid build: " + cause.getMessage(), cause);
    }

    InvalidBuildException(String problem) {
        super("invalid build: " + problem);
    }
}
