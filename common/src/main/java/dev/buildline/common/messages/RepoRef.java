package dev.buildline.common.messages;

/** A git repository as a webhook names it: the clone URL and a display name such as {@code owner/app}. */
public record RepoRef(String url, String name) {
}
