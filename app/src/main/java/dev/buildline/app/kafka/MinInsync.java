package dev.buildline.app.kafka;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code min.insync.replicas} of Buildline's topics, decided from a topic's replicas and the setting
 * ({@code BUILDLINE_TOPIC_MIN_INSYNC}). With acks=all, Kafka acknowledges a write once that many replicas have it; a
 * replication-3 topic left at Kafka's default of 1 acknowledges with one copy, and losing that broker loses what
 * intake already answered 202 for.
 */
public final class MinInsync {

    /** The setting's default: 2 for a topic of 3 replicas or more, else the cluster's own default. */
    public static final int BY_REPLICATION = -1;

    private MinInsync() {
    }

    /**
     * The value a topic of {@code replicas} replicas gets: the setting when one is given, else 2 from 3 replicas up
     * (one broker may be away and every acknowledged write is still on two), else none (the cluster's default).
     */
    public static OptionalInt wanted(int replicas, int setting) {
        if (setting != BY_REPLICATION) {
            return OptionalInt.of(setting);
        }
        return replicas >= 3 ? OptionalInt.of(2) : OptionalInt.empty();
    }

    /**
     * What to tell the operator about an existing topic, or empty when it is as wanted: a value below the wanted one
     * (acknowledged writes on fewer copies), or a wanted value above its replicas (every acks=all write refused).
     *
     * @param actual the topic's {@code min.insync.replicas}, its own or the cluster's default
     */
    public static Optional<String> problem(String topic, int replicas, int actual, int setting) {
        OptionalInt wanted = wanted(replicas, setting);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        int value = wanted.getAsInt();
        if (value > replicas) {
            return Optional.of("topic " + topic + " has " + replicas + " replica(s), fewer than BUILDLINE_TOPIC_MIN_INSYNC "
                    + value + ": Kafka refuses every write to it (acks=all); lower the setting or add replicas");
        }
        if (actual < value) {
            return Optional.of("topic " + topic + " has min.insync.replicas " + actual + " with " + replicas
                    + " replicas: a write is acknowledged once " + actual + " broker(s) have it; set it to " + value
                    + " (kafka-configs --alter --entity-type topics --entity-name " + topic
                    + " --add-config min.insync.replicas=" + value + ")");
        }
        return Optional.empty();
    }
}
