package dev.buildline.coordinator.intake;

/** One build named in a webhook answer. */
public record AcceptedBuild(String buildId, String image) {
}
