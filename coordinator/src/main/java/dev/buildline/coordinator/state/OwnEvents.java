package dev.buildline.coordinator.state;

import dev.buildline.common.messages.BuildEvent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The build events this coordinator sent to build-events and its follower has not read back yet, so the follower
 * applies the event it already has instead of parsing the record (intake has applied most of them already, when
 * Kafka acknowledged them).
 *
 * <p>A record is recognised by its key (the build id) and its exact bytes, not by who sent it: whatever is on
 * build-events is what the view applies, whether the sender saw the acknowledgement or not. Records of other
 * coordinators and workers, and this coordinator's own from before a restart, are parsed as before. An event whose
 * send failed is forgotten (if Kafka wrote it anyway, the follower parses it); at most {@link #MAX_KEPT} are kept,
 * beyond that the follower parses, so a follower that stopped reading cannot make this grow.
 */
public final class OwnEvents {

    static final int MAX_KEPT = 10_000;

    private record Sent(byte[] value, BuildEvent event) {
    }

    private final Map<String, Sent> sent = new HashMap<>();

    /** Called just before the event's record (key: its build id, value: {@code value}) is sent. */
    public synchronized void sending(BuildEvent event, byte[] value) {
        if (sent.size() < MAX_KEPT) {
            sent.put(event.buildId(), new Sent(value, event));
        }
    }

    /** Kafka did not acknowledge the record. */
    public synchronized void failed(BuildEvent event, byte[] value) {
        sent.computeIfPresent(event.buildId(), (buildId, kept) -> kept.value() == value ? null : kept);
    }

    /** The event this coordinator sent as exactly this record, once; empty for any other record. */
    synchronized Optional<BuildEvent> readBack(String key, byte[] value) {
        Sent kept = sent.get(key);
        if (kept == null || !Arrays.equals(kept.value(), value)) {
            return Optional.empty();
        }
        sent.remove(key);
        return Optional.of(kept.event());
    }

    /** How many sent events the follower has not read back yet. */
    synchronized int kept() {
        return sent.size();
    }
}
