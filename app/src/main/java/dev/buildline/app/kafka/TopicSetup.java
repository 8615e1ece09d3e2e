package dev.buildline.app.kafka;

import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.KafkaClients;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Buildline's topics when they are missing, each with the {@code min.insync.replicas} {@link MinInsync}
 * decides; existing topics are left as they are, and one whose value is below that is reported at start (a warning
 * naming the topic, its value and the fix).
 */
public final class TopicSetup {

    private static final Logger LOGGER = LoggerFactory.getLogger(TopicSetup.class);
    private static final String MIN_INSYNC = "min.insync.replicas";

    private TopicSetup() {
    }

    /** Topics on a plaintext cluster (the embedded broker). */
    public static void ensure(String bootstrap, Topics topics, int partitions, short replication) {
        ensure(KafkaClients.plaintext(bootstrap), topics, partitions, replication);
    }

    public static void ensure(KafkaClients kafka, Topics topics, int partitions, short replication) {
        ensure(kafka, topics, partitions, replication, MinInsync.BY_REPLICATION);
    }

    /**
     * @param minInsync {@code BUILDLINE_TOPIC_MIN_INSYNC}: a value, or {@link MinInsync#BY_REPLICATION}
     * @return what was reported about existing topics (each also logged as a warning)
     */
    public static List<String> ensure(KafkaClients kafka, Topics topics, int partitions, short replication,
                                      int minInsync) {
        kafka.verify();
        try (Admin admin = kafka.admin(Map.of("request.timeout.ms", "10000", "default.api.timeout.ms", "30000"))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            Optional<Short> factor = replication > 0 ? Optional.of(replication) : Optional.empty();
            for (String topic : topics.all()) {
                if (!existing.contains(topic)) {
                    NewTopic created = new NewTopic(topic, Optional.of(partitions), factor);
                    if (replication > 0) {
                        MinInsync.wanted(replication, minInsync)
                                .ifPresent(value -> created.configs(Map.of(MIN_INSYNC, Integer.toString(value))));
                    }
                    missing.add(created);
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOGGER.info("created topics {}", missing.stream().map(NewTopic::name).toList());
            }
            return check(admin, List.of(topics.all()), replication > 0 ? Set.of()
                    : missing.stream().map(NewTopic::name).collect(Collectors.toSet()), minInsync);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create Buildline's topics on " + kafka.settings().bootstrap() + ": "
                    + kafka.explain(e).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Sets the value of the topics just created with the cluster's default replication (known only now), and
     * reports every other topic whose value is below the wanted one.
     */
    private static List<String> check(Admin admin, List<String> names, Set<String> toSet, int minInsync)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<String, TopicDescription> described = untilKnown(() -> admin.describeTopics(names).allTopicNames()
                .get(30, TimeUnit.SECONDS));
        Map<ConfigResource, Config> configs = untilKnown(() -> admin.describeConfigs(resources).all()
                .get(30, TimeUnit.SECONDS));
        List<String> problems = new ArrayList<>();
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        for (ConfigResource resource : resources) {
            String topic = resource.name();
            int replicas = described.get(topic).partitions().get(0).replicas().size();
            int actual = Integer.parseInt(configs.get(resource).get(MIN_INSYNC).value());
            OptionalInt wanted = MinInsync.wanted(replicas, minInsync);
            if (toSet.contains(topic) && wanted.isPresent() && wanted.getAsInt() != actual) {
                changes.put(resource, List.of(new AlterConfigOp(
                        new ConfigEntry(MIN_INSYNC, Integer.toString(wanted.getAsInt())), AlterConfigOp.OpType.SET)));
            } else {
                MinInsync.problem(topic, replicas, actual, minInsync).ifPresent(problem -> {
                    LOGGER.warn(problem);
                    problems.add(problem);
                });
            }
        }
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get(30, TimeUnit.SECONDS);
            LOGGER.info("set {} of topics {}", MIN_INSYNC, changes.keySet().stream().map(ConfigResource::name).toList());
        }
        return problems;
    }

    private interface Ask<T> {
        T get() throws ExecutionException, InterruptedException, TimeoutException;
    }

    /**
     * The answer once every broker knows the topics: on a cluster of several brokers, the one asked right after the
     * creation may not have the new topics' metadata yet, and says it does not host them.
     */
    private static <T> T untilKnown(Ask<T> ask) throws ExecutionException, InterruptedException, TimeoutException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return ask.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > until) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }
}
