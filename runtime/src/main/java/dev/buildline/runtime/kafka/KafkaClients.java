package dev.buildline.runtime.kafka;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place every Kafka producer, consumer and admin client of a process is made. Each client gets the bootstrap,
 * the passed-through properties its kind knows (a producer no {@code group.*}, a consumer no {@code acks}), and then
 * its own settings, which win: Buildline's commits, acks and group ids must mean what its code expects.
 */
public final class KafkaClients {

    private static final Logger LOGGER = LoggerFactory.getLogger(KafkaClients.class);
    /** How long a process waits at start for the cluster to answer before it gives up with the reason. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);

    private final KafkaSettings settings;

    public KafkaClients(KafkaSettings settings) {
        this.settings = settings;
        LOGGER.debug("Kafka clients use {}", settings);
    }

    /** Clients of a cluster that needs nothing but its address. */
    public static KafkaClients plaintext(String bootstrap) {
        return new KafkaClients(KafkaSettings.plaintext(bootstrap));
    }

    public KafkaSettings settings() {
        return settings;
    }

    public <K, V> KafkaConsumer<K, V> consumer(Map<String, String> own, Deserializer<K> keys, Deserializer<V> values) {
        return new KafkaConsumer<>(objects(config(ClientKind.CONSUMER, own)), keys, values);
    }

    /**
     * A vertx-kafka-client consumer (string keys, byte values) in a group; {@code hook} hears of every rebalance
     * synchronously, before the partitions change hands (see {@link FencedConsumer}). Made on the caller's context,
     * where its handlers then run.
     */
    public io.vertx.kafka.client.consumer.KafkaConsumer<String, byte[]> groupConsumer(
            Vertx vertx, Map<String, String> own, ConsumerRebalanceListener hook) {
        return io.vertx.kafka.client.consumer.KafkaConsumer.create(vertx, new FencedConsumer<>(
                objects(config(ClientKind.CONSUMER, own)), new StringDeserializer(), new ByteArrayDeserializer(), hook));
    }

    /** A vertx-kafka-client consumer (string keys, byte values) outside any group, made on the caller's context. */
    public io.vertx.kafka.client.consumer.KafkaConsumer<String, byte[]> follower(Vertx vertx, Map<String, String> own) {
        return io.vertx.kafka.client.consumer.KafkaConsumer.create(vertx,
                consumer(own, new StringDeserializer(), new ByteArrayDeserializer()));
    }

    public <K, V> KafkaProducer<K, V> producer(Map<String, String> own, Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(objects(config(ClientKind.PRODUCER, own)), keys, values);
    }

    public Admin admin(Map<String, String> own) {
        return Admin.create(objects(config(ClientKind.ADMIN, own)));
    }

    /** A producer's whole configuration, for a client made elsewhere (vertx-kafka-client's {@code KafkaProducer}). */
    public Map<String, String> producerConfig(Map<String, String> own) {
        return config(ClientKind.PRODUCER, own);
    }

    /** {@link #verify(Duration)} with {@link #ANSWER_TIMEOUT}. */
    public void verify() {
        verify(ANSWER_TIMEOUT);
    }

    /**
     * Returns once the cluster answered an admin request with these settings; otherwise throws a
     * {@link KafkaAccessException} saying why (credentials refused, TLS refused, no answer in {@code timeout}).
     */
    public void verify(Duration timeout) {
        String millis = Long.toString(timeout.toMillis());
        try (Admin admin = admin(Map.of("client.id", "buildline-verify", "request.timeout.ms", millis,
                "default.api.timeout.ms", millis))) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis())).clusterId()
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw explain(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaAccessException("interrupted while asking Kafka at " + settings.bootstrap() + " to answer", e);
        }
    }

    /**
     * What a failed Kafka call means for whoever runs Buildline: a refused login or TLS handshake, a denied
     * operation and a timeout become a {@link KafkaAccessException} naming the bootstrap, the protocol and what to
     * check; anything else is returned unwrapped as it was.
     */
    public RuntimeException explain(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String mechanism = settings.properties().get("sasl.mechanism");
        String where = "Kafka at " + settings.bootstrap() + " (security.protocol " + settings.securityProtocol()
                + (mechanism == null ? "" : ", sasl.mechanism " + mechanism) + ")";
        if (cause instanceof AuthenticationException) {
            return new KafkaAccessException(where + " refused this client: " + cause.getMessage()
                    + "; check the credentials in sasl.jaas.config or the ssl.* settings (" + KafkaSettings.PREFIX
                    + "* or " + KafkaSettings.FILE_VARIABLE + ")", cause);
        }
        if (cause instanceof AuthorizationException) {
            return new KafkaAccessException(where + " denied this client's principal an operation: "
                    + cause.getMessage() + "; grant it the ACLs the README lists", cause);
        }
        if (cause instanceof org.apache.kafka.common.errors.TimeoutException
                || cause instanceof java.util.concurrent.TimeoutException) {
            return new KafkaAccessException(where + " did not answer in time: " + cause.getMessage()
                    + "; check the address, and that the listener speaks " + settings.securityProtocol(), cause);
        }
        return cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause.getMessage(), cause);
    }

    private Map<String, String> config(ClientKind kind, Map<String, String> own) {
        Map<String, String> config = new HashMap<>();
        settings.properties().forEach((name, value) -> {
            if (kind.takes(name)) {
                config.put(name, value);
            }
        });
        config.put(KafkaSettings.BOOTSTRAP_SERVERS, settings.bootstrap());
        config.putAll(own);
        return config;
    }

    private static Map<String, Object> objects(Map<String, String> config) {
        return new HashMap<>(config);
    }
}
