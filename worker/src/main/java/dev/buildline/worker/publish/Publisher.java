package dev.buildline.worker.publish;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildLogChunk;

/**
 * Where a worker's writes about builds go: {@link ResultPublisher} sends them to Kafka. The job runner's tests record
 * them instead, because the broker those tests would need lives in the app module.
 */
public interface Publisher {

    /** Sends and waits for the acknowledgement; {@link ResultPublisher.PublishException} when there is none. */
    void event(BuildEvent event);

    /** Sends without waiting; {@link #flush()} waits for all of them. */
    void log(BuildLogChunk chunk);

    /** Sends the request's record to the dead-letter topic and waits for the acknowledgement. */
    void deadLetter(String key, byte[] value, String reason);

    void flush();
}
