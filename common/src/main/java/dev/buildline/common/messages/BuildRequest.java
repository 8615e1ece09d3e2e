package dev.buildline.common.messages;

import dev.buildline.common.config.ImageConfig;
import java.time.Instant;
import java.util.List;

/**
 * One image to build at one commit; the body of a {@code build-requests} record, keyed by {@link #key()}.
 * Tags are chosen when the request is made, so every attempt and every view agrees on them. {@code inputs} is the
 * identity of the image's inputs at the commit (config hash, Dockerfile blob id, context tree id).
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
        Instant requestedAt) {

    public static final int SCHEMA_VERSION = 1;

    public BuildRequest {
        tags = List.copyOf(tags);
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
