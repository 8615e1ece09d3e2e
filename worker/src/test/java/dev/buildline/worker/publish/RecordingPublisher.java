package dev.buildline.worker.publish;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildLogChunk;
import dev.buildline.common.messages.BuildStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Keeps what a worker would send to Kafka, in the order it was sent: the stand-in for the broker in the worker's own
 * tests (the embedded broker lives in the app module, whose ITs prove the same paths through it). It can refuse one
 * event, as a broker that does not acknowledge it: that event is not kept.
 */
public final class RecordingPublisher implements Publisher {

    /** A dead letter as the DLQ record carries it. */
    public record DeadLetter(String key, byte[] value, String reason) {
    }

    private final List<Object> sent = new ArrayList<>();
    private Predicate<BuildEvent> refuseOnce = event -> false;

    /** The next event that matches is not acknowledged (and not kept); later ones are. */
    public synchronized void refuseOnce(Predicate<BuildEvent> which) {
        refuseOnce = which;
    }

    @Override
    public void event(BuildEvent event) {
        synchronized (this) {
            if (refuseOnce.test(event)) {
                refuseOnce = e -> false;
                throw new ResultPublisher.PublishException("build event " + event.status().wireName() + " of "
                        + event.buildId() + " not acknowledged: the broker is unreachable", null);
            }
            sent.add(event);
            notifyAll();
        }
    }

    @Override
    public synchronized void log(BuildLogChunk chunk) {
        sent.add(chunk);
    }

    @Override
    public synchronized void deadLetter(String key, byte[] value, String reason) {
        sent.add(new DeadLetter(key, value, reason));
    }

    @Override
    public void flush() {
    }

    /** Everything sent: events, log chunks and dead letters, in order. */
    public synchronized List<Object> sent() {
        return List.copyOf(sent);
    }

    public synchronized List<BuildEvent> events() {
        return sent.stream().filter(BuildEvent.class::isInstance).map(BuildEvent.class::cast).toList();
    }

    public synchronized List<BuildLogChunk> logs() {
        return sent.stream().filter(BuildLogChunk.class::isInstance).map(BuildLogChunk.class::cast).toList();
    }

    public synchronized List<DeadLetter> deadLetters() {
        return sent.stream().filter(DeadLetter.class::isInstance).map(DeadLetter.class::cast).toList();
    }

    public List<BuildStatus> statuses() {
        return events().stream().map(BuildEvent::status).toList();
    }

    public List<String> logLines() {
        return logs().stream().flatMap(chunk -> chunk.lines().stream()).toList();
    }
}
