package dev.buildline.coordinator.intake;

import dev.buildline.git.GitMirror;

/**
 * Failures that say "could not ask", not "no": Kafka did not acknowledge, the git host could not be reached or
 * answered 5xx, the delivery ran out of time. A webhook gets a 503 so the host redelivers; a config-changes record is
 * tried again and not committed until it is handled.
 */
public final class Retryable {

    private Retryable() {
    }

    public static boolean is(Throwable cause) {
        return cause instanceof BuildPublisher.PublishFailedException
                || cause instanceof GitMirror.GitUnavailableException
                || cause instanceof DeadlineExceededException;
    }

    /** The delivery was not handled in the time a git host waits for an answer; what was started goes on. */
    public static final class DeadlineExceededException extends RuntimeException {
        public DeadlineExceededException(String message) {
            super(message);
        }
    }
}
