package dev.buildline.coordinator.plan;

import dev.buildline.common.config.ImageConfig;

/** An image a change touches, and why. */
public record ImageChange(ImageConfig image, ChangeReason reason) {
}
