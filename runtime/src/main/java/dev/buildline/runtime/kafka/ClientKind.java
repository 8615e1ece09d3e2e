package dev.buildline.runtime.kafka;

import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The three kinds of Kafka client and the property names each knows, so each gets only what it can use. */
enum ClientKind {
    PRODUCER(ProducerConfig.configNames()),
    CONSUMER(ConsumerConfig.configNames()),
    ADMIN(AdminClientConfig.configNames());

    private final Set<String> known;

    ClientKind(Set<String> known) {
        this.known = Set.copyOf(known);
    }

    boolean knows(String property) {
        return known.contains(property);
    }

    /** A property this kind should get: one it knows, or one no kind knows (a plug-in's, passed to every client). */
    boolean takes(String property) {
        return knows(property) || !anyKnows(property);
    }

    static boolean anyKnows(String property) {
        for (ClientKind kind : values()) {
            if (kind.knows(property)) {
                return true;
            }
        }
        return false;
    }
}
