package dev.buildline.runtime.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How every Kafka client of a process reaches the cluster: the bootstrap servers and any client property passed
 * through ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}, timeouts). Read once by the launcher from
 * {@code BUILDLINE_KAFKA_PROPERTIES_FILE} (a Java properties file) and {@code BUILDLINE_KAFKA_<PROPERTY>} variables;
 * a variable wins over the file. {@link #toString()} redacts every secret.
 *
 * @param properties client properties by Kafka name, {@code bootstrap.servers} not among them
 */
public record KafkaSettings(String bootstrap, Map<String, String> properties) {

    public static final String PREFIX = "BUILDLINE_KAFKA_";
    public static final String BOOTSTRAP_VARIABLE = PREFIX + "BOOTSTRAP";
    public static final String FILE_VARIABLE = PREFIX + "PROPERTIES_FILE";
    static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    static final String REDACTED = "[redacted]";

    /** BUILDLINE_KAFKA_* variables that are Buildline's own settings, not client properties. */
    private static final Set<String> OWN_VARIABLES = Set.of(BOOTSTRAP_VARIABLE, FILE_VARIABLE, PREFIX + "PORT",
            PREFIX + "SESSION_TIMEOUT_MS");

    public KafkaSettings {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new InvalidKafkaSettingsException(BOOTSTRAP_VARIABLE
                    + " (host:port of the Kafka cluster) is not set, nor bootstrap.servers in " + FILE_VARIABLE);
        }
        if (properties.containsKey(BOOTSTRAP_SERVERS)) {
            throw new IllegalArgumentException("bootstrap.servers belongs in bootstrap, not in properties");
        }
        properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** A cluster that needs nothing but its address (the embedded broker, a plaintext listener). */
    public static KafkaSettings plaintext(String bootstrap) {
        return new KafkaSettings(bootstrap, Map.of());
    }

    /**
     * Reads the settings from the environment. {@code BUILDLINE_KAFKA_SASL_JAAS_CONFIG} names {@code sasl.jaas.config}:
     * the part after the prefix, lower-cased, each {@code _} a {@code .}. A variable must name a property some Kafka
     * client knows (a typo is an error, not a silently ignored setting); the file may hold any property, so plug-ins'
     * own settings pass too. The bootstrap is {@code BUILDLINE_KAFKA_BOOTSTRAP}, else {@code bootstrap.servers} from
     * the file or {@code BUILDLINE_KAFKA_BOOTSTRAP_SERVERS}.
     */
    public static KafkaSettings fromEnvironment(Map<String, String> env) {
        Map<String, String> properties = new TreeMap<>();
        String file = env.get(FILE_VARIABLE);
        if (file != null && !file.isBlank()) {
            properties.putAll(readFile(Path.of(file.strip())));
        }
        new TreeMap<>(env).forEach((name, value) -> {
            if (name.startsWith(PREFIX) && !OWN_VARIABLES.contains(name)) {
                properties.put(propertyName(name), value);
            }
        });
        String bootstrap = env.get(BOOTSTRAP_VARIABLE);
        String fromProperties = properties.remove(BOOTSTRAP_SERVERS);
        return new KafkaSettings(bootstrap != null && !bootstrap.isBlank() ? bootstrap.strip() : fromProperties,
                properties);
    }

    /** {@code BUILDLINE_KAFKA_SSL_KEYSTORE_LOCATION} → {@code ssl.keystore.location}; unknown names are refused. */
    static String propertyName(String variable) {
        String name = variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
        if (!name.equals(BOOTSTRAP_SERVERS) && !ClientKind.anyKnows(name)) {
            throw new InvalidKafkaSettingsException(variable + " names the Kafka client property " + name
                    + ", which no Kafka client (producer, consumer, admin) knows; check its spelling, or put a"
                    + " plug-in's own property in " + FILE_VARIABLE);
        }
        return name;
    }

    private static Map<String, String> readFile(Path file) {
        Properties loaded = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loaded.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidKafkaSettingsException(FILE_VARIABLE + ": cannot read the Kafka client properties file "
                    + file + ": " + e.getMessage(), e);
        }
        Map<String, String> properties = new TreeMap<>();
        loaded.stringPropertyNames().forEach(name -> properties.put(name.strip(), loaded.getProperty(name).strip()));
        return properties;
    }

    /** True for a property whose value must never be shown: passwords, secrets, JAAS config, private keys. */
    public static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.contains("password") || lower.contains("secret") || lower.endsWith("jaas.config")) {
            return true;
        }
        // ssl.keystore.key, ssl.key.password, ssl.truststore.certificates are fine to hide; where and what type are not secret
        return lower.startsWith("ssl.") && lower.contains("key") && !lower.endsWith(".location")
                && !lower.endsWith(".type") && !lower.endsWith(".algorithm");
    }

    /** The properties as they may be logged: every secret's value replaced by {@value #REDACTED}. */
    public Map<String, String> redacted() {
        return properties.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                entry -> isSecret(entry.getKey()) ? REDACTED : entry.getValue(), (a, b) -> a, TreeMap::new));
    }

    /** The protocol the clients speak: what {@code security.protocol} says, PLAINTEXT when unset. */
    public String securityProtocol() {
        return properties.getOrDefault("security.protocol", "PLAINTEXT");
    }

    @Override
    public String toString() {
        return "KafkaSettings[bootstrap=" + bootstrap + ", properties=" + redacted() + "]";
    }
}
