package dev.buildline.common.messages;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.policy.RepositoryGrants;
import java.time.Instant;
import java.util.List;

/**
 * One image to build at one commit; the body of a {@code build-requests} record, keyed by {@link #key()}.
 * Tags are chosen when the request is made, so every attempt and every view agrees on them. {@code inputs} is the
 * identity of the image's inputs at the commit (config hash, Dockerfile blob id, context tree id). {@code grants} is
 * what the repository's settings entry granted when intake accepted it ({@link RepositoryGrants}, null in records
 * older than it) and {@code masked} the values of the entry's {@code vars}, for a worker to mask in logs (null: none).
 */
public record BuildRequest(
        int schemaVersion,
        String buildId,
        String deliveryId,
        RepoRef repo,
        String ref,
        String commit,
        String image,
        ImageConfig config,
        String configPath,
        List<String> tags,
        String inputs,
        Instant requestedAt,
        RepositoryGrants grants,
        List<String> masked) {

    public static final int SCHEMA_VERSION = 1;

    public BuildRequest {
        tags = List.copyOf(tags);
        masked = masked == null ? null : List.copyOf(masked);
    }

    /** A request without grants or masked values (a record written before they existed reads as this). */
    public BuildRequest(int schemaVersion, String buildId, String deliveryId, RepoRef repo, String ref, String commit,
                        String image, ImageConfig config, String configPath, List<String> tags, String inputs,
                        Instant requestedAt) {
        this(schemaVersion, buildId, deliveryId, repo, ref, commit, image, config, configPath, tags, inputs,
                requestedAt, null, null);
    }

    /** Directory of devspace.yaml in the repository ("" for its root); context and dockerfile are relative to it. */
    public String configDir() {
        int slash = configPath == null ? -1 : configPath.lastIndexOf('/');
        return slash < 0 ? "" : configPath.substring(0, slash);
    }

    /** Kafka key: one image of one branch stays in order. */
    public String key() {
        return Topics.requestKey(repo.url(), ref, image);
    }
}
