package dev.buildline.runtime.kafka;

/** The Kafka settings cannot be used as given: the message names the variable or file and what is wrong. */
public final class InvalidKafkaSettingsException extends RuntimeException {

    public InvalidKafkaSettingsException(String message) {
        super(message);
    }

    public InvalidKafkaSettingsException(String message, Throwable cause) {
        super(message, cause);
    }
}
