package dev.buildline.coordinator.intake;

import dev.buildline.common.messages.RepoRef;

/**
 * A new devspace.yaml for a repository at a commit, from {@code POST /api/events/config-change} or the
 * {@code config-changes} topic; {@code previousYaml} is optional.
 */
public record ConfigChange(int schemaVersion, String deliveryId, RepoRef repo, String ref, String commit,
                           String devspaceYaml, String previousYaml) {
}
