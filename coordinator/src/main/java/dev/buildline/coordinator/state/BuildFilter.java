package dev.buildline.coordinator.state;

import dev.buildline.common.messages.BuildStatus;

/**
 * Which builds a list shows; a null field matches any build. {@code repo} matches the clone URL or the display name
 * ({@code owner/app}), {@code image} the key under {@code images:}.
 */
public record BuildFilter(BuildStatus status, String image, String repo) {

    public static final BuildFilter ANY = new BuildFilter(null, null, null);

    public BuildFilter {
        image = blankToNull(image);
        repo = blankToNull(repo);
    }

    public boolean matches(BuildView build) {
        return (status == null || build.status() == status)
                && (image == null || image.equals(build.image()))
                && (repo == null || repo.equals(build.repo()) || repo.equals(build.repoName()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
