package dev.buildline.common.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The part of devspace.yaml Buildline acts on, images in the order they are written, plus warnings. */
public record DevspaceConfig(Map<String, ImageConfig> images, List<String> warnings) {

    public DevspaceConfig {
        images = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(images));
        warnings = List.copyOf(warnings);
    }

    public Optional<ImageConfig> image(String name) {
        return Optional.ofNullable(images.get(name));
    }
}
