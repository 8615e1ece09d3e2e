package dev.buildline.common.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of devspace.yaml Buildline acts on, images in the order they are written, plus warnings. {@code version} is
 * the version the file was written in ({@code v1beta11}); {@code converted} says it was upgraded to v2beta1 as DevSpace
 * does. {@code notBuilt} names the images that are valid but left out of the build, with the reason
 * ({@code build.disabled}).
 */
public record DevspaceConfig(Map<String, ImageConfig> images, List<String> warnings, String version, boolean converted,
                             Map<String, String> notBuilt) {

    public static final String LATEST_VERSION = "v2beta1";

    public DevspaceConfig {
        images = Collections.unmodifiableMap(new LinkedHashMap<>(images));
        warnings = List.copyOf(warnings);
        version = version == null ? LATEST_VERSION : version;
        notBuilt = notBuilt == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(notBuilt));
    }

    public DevspaceConfig(Map<String, ImageConfig> images, List<String> warnings) {
        this(images, warnings, LATEST_VERSION, false, Map.of());
    }

    public Optional<ImageConfig> image(String name) {
        return Optional.ofNullable(images.get(name));
    }

    /** What {@code validate} says about a valid file: how many images it builds, and which. */
    public String summary() {
        return "valid, " + images.size() + " image(s)" + (images.isEmpty() ? "" : ": " + String.join(", ", images.keySet()));
    }

    /** What {@code validate} says about the version: which one was read and whether it was converted. */
    public String versionNote() {
        return converted ? "version " + version + ", converted to " + LATEST_VERSION + " as DevSpace 6 does"
                : "version " + version;
    }
}
