package dev.buildline.coordinator.intake;

import dev.buildline.common.messages.BuildStatus;

/**
 * One build named in an intake answer, with the status it starts in (queued, or skipped when nothing changed), or for a
 * build known already (a redelivery) the status it has now.
 */
public record AcceptedBuild(String buildId, String image, BuildStatus status) {
}
