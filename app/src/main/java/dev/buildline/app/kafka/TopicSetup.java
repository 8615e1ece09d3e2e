package dev.buildline.app.kafka;

import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.KafkaClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates Buildline's topics when they are missing; existing topics are left as they are. */
public final class TopicSetup {

    private static final Logger LOGGER = LoggerFactory.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    /** Topics on a plaintext cluster (the embedded broker). */
    public static void ensure(String bootstrap, Topics topics, int partitions, short replication) {
        ensure(KafkaClients.plaintext(bootstrap), topics, partitions, replication);
    }

    public static void ensure(KafkaClients kafka, Topics topics, int partitions, short replication) {
        kafka.verify();
        try (Admin admin = kafka.admin(Map.of("request.timeout.ms", "10000", "default.api.timeout.ms", "30000"))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            Optional<Short> factor = replication > 0 ? Optional.of(replication) : Optional.empty();
            for (String topic : topics.all()) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, Optional.of(partitions), factor));
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOGGER.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create Buildline's topics on " + kafka.settings().bootstrap() + ": "
                    + kafka.explain(e).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
