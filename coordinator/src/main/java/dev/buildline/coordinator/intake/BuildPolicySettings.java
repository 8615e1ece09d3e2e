package dev.buildline.coordinator.intake;

import dev.buildline.common.policy.BuilderProfile;
import dev.buildline.common.policy.ImagePrefix;
import dev.buildline.common.policy.RepositoryGrants;
import java.util.List;
import java.util.Map;

/**
 * The server's side of the build policy, read once at start: BUILDLINE_ALLOWED_IMAGES (image prefixes of repositories
 * whose entry has none), BUILDLINE_BUILDERS_FILE's profiles, and what happens when neither the entry nor the server
 * names any image prefix: {@code dev} allows every image, a {@code coordinator} refuses the push naming both settings.
 */
public record BuildPolicySettings(List<String> allowedImages, Map<String, BuilderProfile> builders,
                                  boolean anyImageWhenUnset) {

    public BuildPolicySettings {
        allowedImages = List.copyOf(allowedImages);
        builders = Map.copyOf(builders);
    }

    /** No image rule and no builders: every image allowed (what {@code dev} and tests without settings run with). */
    public static BuildPolicySettings open() {
        return new BuildPolicySettings(List.of(), Map.of(), true);
    }

    /** True when no image prefix is configured anywhere and every image is allowed. */
    public boolean allowsEveryImage() {
        return allowedImages.isEmpty() && anyImageWhenUnset;
    }

    /** The entry's grants with the image prefixes that apply to it: its own, else the server's, else none or any. */
    public RepositoryGrants grantsFor(RepositorySettings.Entry entry) {
        RepositoryGrants grants = entry.grants();
        if (!grants.images().isEmpty()) {
            return grants;
        }
        if (!allowedImages.isEmpty()) {
            return grants.withImages(allowedImages);
        }
        return anyImageWhenUnset ? grants.withImages(List.of(ImagePrefix.ANY.text())) : grants;
    }
}
