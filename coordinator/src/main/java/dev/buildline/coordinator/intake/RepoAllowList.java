package dev.buildline.coordinator.intake;

import dev.buildline.coordinator.webhook.RequestRejectedException;
import java.util.List;

/** BUILDLINE_ALLOWED_REPOS: URL prefixes that may be built, checked before any git access. */
public final class RepoAllowList {

    private final List<String> prefixes;

    public RepoAllowList(List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    public void check(String url) {
        for (String prefix : prefixes) {
            if (url.startsWith(prefix)) {
                return;
            }
        }
        throw new RequestRejectedException(422, prefixes.isEmpty()
                ? "repository " + url + " is not allowed: BUILDLINE_ALLOWED_REPOS is empty"
                : "repository " + url + " is not allowed by BUILDLINE_ALLOWED_REPOS");
    }
}
