package dev.buildline.coordinator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.RepoRef;
import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the push payloads of GitHub, Gitea/Forgejo and GitLab into one {@link PushEvent}, following each host's
 * documented shape. A field the build needs that is missing is a 400 naming that field.
 */
public final class PushPayloads {

    /** GitHub lists at most this many commits in a push payload; more means the list was cut. */
    static final int GITHUB_MAX_COMMITS = 2048;
    /** GitHub's compare limit: beyond this many files the per-commit lists are not reliable. */
    static final int GITHUB_MAX_FILES = 3000;

    private PushPayloads() {
    }

    /**
     * GitHub push (https://docs.github.com/webhooks/webhook-events-and-payloads#push). For an annotated tag
     * {@code after} names the tag object; {@code head_commit.id} names the commit, which is what is built.
     */
    public static PushEvent github(String deliveryId, byte[] body) {
        JsonNode root = parse(body);
        JsonNode repository = root.path("repository");
        RepoRef repo = new RepoRef(text(repository, "clone_url", "repository.clone_url"),
                repository.path("full_name").asText(null));
        Set<String> paths = new HashSet<>();
        Listed listed = collectPaths(root.path("commits"), paths);
        boolean complete = !root.path("forced").asBoolean(false) && listed.commits() < GITHUB_MAX_COMMITS
                && paths.size() < GITHUB_MAX_FILES;
        return event("github", deliveryId, root, repo, paths, listed, complete, root.path("head_commit").path("id"));
    }

    /** Gitea and Forgejo push: GitHub's shape, with {@code total_commits} when the list is cut. */
    public static PushEvent gitea(String deliveryId, byte[] body) {
        JsonNode root = parse(body);
        JsonNode repository = root.path("repository");
        RepoRef repo = new RepoRef(text(repository, "clone_url", "repository.clone_url"),
                repository.path("full_name").asText(null));
        Set<String> paths = new HashSet<>();
        Listed listed = collectPaths(root.path("commits"), paths);
        int total = root.path("total_commits").asInt(listed.commits());
        return event("gitea", deliveryId, root, repo, paths, listed, total <= listed.commits(),
                root.path("head_commit").path("id"));
    }

    /**
     * GitLab push and tag push, from a project's Push Hook / Tag Push Hook or a System Hook
     * (https://docs.gitlab.com/user/project/integrations/webhook_events/, doc/administration/system_hooks.md). For an
     * annotated tag {@code after} names the tag object and {@code checkout_sha} the commit, which is what is built;
     * on a delete {@code checkout_sha} is null.
     */
    public static PushEvent gitlab(String deliveryId, byte[] body) {
        JsonNode root = parse(body);
        JsonNode project = root.path("project");
        String url = gitlabUrl(root);
        if (url == null) {
            throw new RequestRejectedException(400, "payload field project.git_http_url is missing or not a string");
        }
        RepoRef repo = new RepoRef(url, project.path("path_with_namespace").asText(null));
        Set<String> paths = new HashSet<>();
        Listed listed = collectPaths(root.path("commits"), paths);
        int total = root.path("total_commits_count").asInt(listed.commits());
        return event("gitlab", deliveryId, root, repo, paths, listed, total <= listed.commits(),
                root.path("checkout_sha"));
    }

    /** GitLab names the repository in {@code project} (project hooks) or {@code repository} (older system hooks). */
    private static String gitlabUrl(JsonNode root) {
        String url = root.path("project").path("git_http_url").asText(null);
        if (url == null || url.isEmpty()) {
            url = root.path("repository").path("git_http_url").asText(null);
        }
        return url == null || url.isEmpty() ? null : url;
    }

    /**
     * @param listed   the payload's commit list; none listed (a branch or tag created or moved to a commit that exists
     *                 already) or listed without files (system hooks) means it says nothing about the paths
     * @param checkout the host's name for the commit the ref now points at, when it differs from {@code after}
     *                 (an annotated tag's commit); missing or null falls back to {@code after}
     */
    private static PushEvent event(String provider, String deliveryId, JsonNode root, RepoRef repo, Set<String> paths,
                                   Listed listed, boolean complete, JsonNode checkout) {
        String ref = text(root, "ref", "ref");
        String after = commitId(text(root, "after", "after"), "payload field after");
        String before = root.path("before").isTextual() && !root.path("before").asText().isEmpty()
                ? commitId(root.path("before").asText(), "payload field before") : null;
        boolean deleted = root.path("deleted").asBoolean(false) || isZero(after);
        String commit = !deleted && checkout.isTextual() && !checkout.asText().isEmpty()
                ? commitId(checkout.asText(), "payload field " + checkoutField(provider)) : after;
        PushEvent push = new PushEvent(provider, deliveryId,
                new RepoRef(repo.url(), repo.name() == null ? repo.url() : repo.name()), ref, before, commit, deleted,
                paths, complete && listed.usable());
        return push.created() ? new PushEvent(provider, deliveryId, push.repo(), ref, before, commit, deleted, paths, false)
                : push;
    }

    private static String checkoutField(String provider) {
        return "gitlab".equals(provider) ? "checkout_sha" : "head_commit.id";
    }

    /**
     * A commit id as git hosts send it: 40 hex characters (returned in lower case, as git writes ids, so one commit
     * has one build id). Anything else is malformed (400), not a missing commit.
     */
    public static String commitId(String value, String field) {
        if (value.length() != 40 || !value.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f'
                || c >= 'A' && c <= 'F')) {
            throw new RequestRejectedException(400, field + " must be a 40-hex commit id, found '"
                    + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + "'");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    /**
     * What the payload's commit list says: how many commits, and whether each names its files (GitLab's system hooks
     * list commits without {@code added}/{@code modified}/{@code removed}, which says nothing about the paths).
     */
    private record Listed(int commits, boolean withFiles) {
        boolean usable() {
            return commits > 0 && withFiles;
        }
    }

    private static Listed collectPaths(JsonNode commits, Set<String> paths) {
        if (!commits.isArray()) {
            return new Listed(0, false);
        }
        boolean withFiles = true;
        for (JsonNode commit : commits) {
            boolean named = false;
            for (String list : new String[] {"added", "removed", "modified"}) {
                named |= commit.path(list).isArray();
                for (JsonNode path : commit.path(list)) {
                    if (path.isTextual()) {
                        paths.add(path.asText());
                    }
                }
            }
            withFiles &= named;
        }
        return new Listed(commits.size(), withFiles);
    }

    private static boolean isZero(String commit) {
        return !commit.isEmpty() && commit.chars().allMatch(c -> c == '0');
    }

    static JsonNode parse(byte[] body) {
        try {
            JsonNode root = Json.mapper().readTree(body);
            if (root == null || !root.isObject()) {
                throw new RequestRejectedException(400, "payload is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new RequestRejectedException(400, "payload is not valid JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    static String text(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new RequestRejectedException(400, "payload field " + path + " is missing or not a string");
        }
        return value.asText();
    }
}
