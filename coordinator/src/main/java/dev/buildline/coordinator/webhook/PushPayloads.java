package dev.buildline.coordinator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.RepoRef;
import java.io.IOException;
import java.util.HashSet;
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

    /** GitHub push (https://docs.github.com/webhooks/webhook-events-and-payloads#push). */
    public static PushEvent github(String deliveryId, byte[] body) {
        JsonNode root = parse(body);
        JsonNode repository = root.path("repository");
        RepoRef repo = new RepoRef(text(repository, "clone_url", "repository.clone_url"),
                repository.path("full_name").asText(null));
        Set<String> paths = new HashSet<>();
        int commits = collectPaths(root.path("commits"), paths);
        boolean complete = !root.path("forced").asBoolean(false) && commits < GITHUB_MAX_COMMITS
                && paths.size() < GITHUB_MAX_FILES;
        return event("github", deliveryId, root, repo, paths, complete);
    }

    /** Gitea and Forgejo push: GitHub's shape, with {@code total_commits} when the list is cut. */
    public static PushEvent gitea(String deliveryId, byte[] body) {
        JsonNode root = parse(body);
        JsonNode repository = root.path("repository");
        RepoRef repo = new RepoRef(text(repository, "clone_url", "repository.clone_url"),
                repository.path("full_name").asText(null));
        Set<String> paths = new HashSet<>();
        int commits = collectPaths(root.path("commits"), paths);
        int total = root.path("total_commits").asInt(commits);
        return event("gitea", deliveryId, root, repo, paths, total <= commits);
    }

    /** GitLab Push Hook and Tag Push Hook (https://docs.gitlab.com/user/project/integrations/webhook_events/). */
    public static PushEvent gitlab(String deliveryId, byte[] body) {
        JsonNode root = parse(body);
        JsonNode project = root.path("project");
        String url = project.path("git_http_url").asText(null);
        if (url == null || url.isEmpty()) {
            url = root.path("repository").path("git_http_url").asText(null);
        }
        if (url == null || url.isEmpty()) {
            throw new RequestRejectedException(400, "payload field project.git_http_url is missing or not a string");
        }
        RepoRef repo = new RepoRef(url, project.path("path_with_namespace").asText(null));
        Set<String> paths = new HashSet<>();
        int commits = collectPaths(root.path("commits"), paths);
        int total = root.path("total_commits_count").asInt(commits);
        return event("gitlab", deliveryId, root, repo, paths, total <= commits);
    }

    private static PushEvent event(String provider, String deliveryId, JsonNode root, RepoRef repo, Set<String> paths,
                                   boolean complete) {
        String ref = text(root, "ref", "ref");
        String after = text(root, "after", "after");
        String before = root.path("before").asText(null);
        boolean deleted = root.path("deleted").asBoolean(false) || isZero(after);
        PushEvent push = new PushEvent(provider, deliveryId,
                new RepoRef(repo.url(), repo.name() == null ? repo.url() : repo.name()), ref, before, after, deleted,
                paths, complete);
        return push.created() ? new PushEvent(provider, deliveryId, push.repo(), ref, before, after, deleted, paths, false)
                : push;
    }

    private static int collectPaths(JsonNode commits, Set<String> paths) {
        if (!commits.isArray()) {
            return 0;
        }
        for (JsonNode commit : commits) {
            for (String list : new String[] {"added", "removed", "modified"}) {
                for (JsonNode path : commit.path(list)) {
                    if (path.isTextual()) {
                        paths.add(path.asText());
                    }
                }
            }
        }
        return commits.size();
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
