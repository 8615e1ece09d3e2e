package dev.buildline.runtime.kafka;

/**
 * The cluster could not be used with these settings: it refused the credentials or the TLS handshake, or did not
 * answer in time. The message names the bootstrap, the protocol and what to check; it never holds a secret.
 */
public final class KafkaAccessException extends RuntimeException {

    public KafkaAccessException(String message, Throwable cause) {
        super(message, cause);
    }
}
