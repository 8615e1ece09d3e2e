package dev.buildline.coordinator.ops;

import java.util.Set;

/**
 * The provider label of a webhook delivery. The path segment after {@code /webhooks/} is whatever a stranger sends, so
 * only the three providers Buildline serves are labels of their own; every other name counts as {@code other}, and
 * the number of series stays fixed however many names are tried.
 */
public final class WebhookProvider {

    private static final Set<String> KNOWN = Set.of("github", "gitlab", "gitea");

    private WebhookProvider() {
    }

    public static String label(String pathSegment) {
        return pathSegment != null && KNOWN.contains(pathSegment) ? pathSegment : "other";
    }
}
