package dev.buildline.coordinator;

import dev.buildline.common.messages.RequestKey;
import dev.buildline.common.messages.Topics;
import dev.buildline.runtime.kafka.KafkaSettings;
import dev.buildline.coordinator.intake.RepositorySettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything the coordinator is configured with, read once by the launcher. Secrets are held here and nowhere else;
 * {@link #toString()} leaves them out.
 */
public record CoordinatorSettings(
        KafkaSettings kafka,
        Topics topics,
        int httpPort,
        String webhookSecret,
        String gitlabToken,
        String gitlabSigningKey,
        String apiToken,
        List<String> allowedRepos,
        String configPath,
        Path dataDir,
        String gitUsername,
        String gitToken,
        long bodyLimitBytes,
        int maxBuildsKept,
        RepositorySettings repositories,
        String httpHost,
        RequestKey requestKey) {

    public static final long DEFAULT_BODY_LIMIT = 25L * 1024 * 1024;
    /** Where a coordinator listens unless told otherwise: this machine alone. */
    public static final String LOOPBACK = "127.0.0.1";

    public CoordinatorSettings {
        allowedRepos = List.copyOf(allowedRepos);
        repositories = repositories == null ? RepositorySettings.none(configPath) : repositories;
        httpHost = httpHost == null || httpHost.isBlank() ? LOOPBACK : httpHost.strip();
        Objects.requireNonNull(requestKey, "requestKey: the coordinator signs every build request");
    }

    /**
     * Listening on {@link #LOOPBACK}, signing with a key of its own, random: a worker builds their requests only when
     * given the key.
     */
    public CoordinatorSettings(KafkaSettings kafka, Topics topics, int httpPort, String webhookSecret,
                               String gitlabToken, String gitlabSigningKey, String apiToken, List<String> allowedRepos,
                               String configPath, Path dataDir, String gitUsername, String gitToken,
                               long bodyLimitBytes, int maxBuildsKept, RepositorySettings repositories) {
        this(kafka, topics, httpPort, webhookSecret, gitlabToken, gitlabSigningKey, apiToken, allowedRepos,
                configPath, dataDir, gitUsername, gitToken, bodyLimitBytes, maxBuildsKept, repositories, null,
                RequestKey.random());
    }

    /** Settings without BUILDLINE_REPOSITORIES_FILE: every repository's file at {@code configPath}, nothing supplied. */
    public CoordinatorSettings(KafkaSettings kafka, Topics topics, int httpPort, String webhookSecret,
                               String gitlabToken, String gitlabSigningKey, String apiToken, List<String> allowedRepos,
                               String configPath, Path dataDir, String gitUsername, String gitToken,
                               long bodyLimitBytes, int maxBuildsKept) {
        this(kafka, topics, httpPort, webhookSecret, gitlabToken, gitlabSigningKey, apiToken, allowedRepos,
                configPath, dataDir, gitUsername, gitToken, bodyLimitBytes, maxBuildsKept, null, null,
                RequestKey.random());
    }

    /** These settings, signing build requests with {@code key}. */
    public CoordinatorSettings withRequestKey(RequestKey key) {
        return new CoordinatorSettings(kafka, topics, httpPort, webhookSecret, gitlabToken, gitlabSigningKey, apiToken,
                allowedRepos, configPath, dataDir, gitUsername, gitToken, bodyLimitBytes, maxBuildsKept, repositories,
                httpHost, key);
    }

    /** The same settings, listening on {@code host} ({@code --http-host}). */
    public CoordinatorSettings listeningOn(String host) {
        return new CoordinatorSettings(kafka, topics, httpPort, webhookSecret, gitlabToken, gitlabSigningKey, apiToken,
                allowedRepos, configPath, dataDir, gitUsername, gitToken, bodyLimitBytes, maxBuildsKept, repositories,
                host, requestKey);
    }

    @Override
    public String toString() {
        return "CoordinatorSettings[kafka=" + kafka + ", topics=" + topics.prefix() + ", httpHost=" + httpHost
                + ", httpPort=" + httpPort
                + ", allowedRepos=" + allowedRepos + ", configPath=" + configPath + ", dataDir=" + dataDir
                + ", repositories=" + repositories + "]";
    }
}
