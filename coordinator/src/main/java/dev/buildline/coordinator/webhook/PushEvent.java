package dev.buildline.coordinator.webhook;

import dev.buildline.common.messages.RepoRef;

/**
 * A push as every git host describes it once parsed: repository, ref, the commits before and after,
 * and whether the ref was deleted (which builds nothing).
 */
public record PushEvent(String provider, String deliveryId, RepoRef repo, String ref, String before, String after,
                        boolean deleted) {
}
