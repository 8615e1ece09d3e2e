package dev.buildline.coordinator.status;

import dev.buildline.common.messages.RepoRef;
import java.net.URI;

/**
 * Where one repository entry's commit statuses go: the {@code status:} mapping of an entry in
 * BUILDLINE_REPOSITORIES_FILE.
 * <pre>
 * - url: https://github.com/acme/
 *   status:
 *     host: github                  # github | gitlab | gitea | forgejo
 *     apiUrl: https://ghe.example.com/api/v3   # default https://api.github.com, https://gitlab.com/api/v4; Gitea: required
 *     tokenEnv: ACME_STATUS_TOKEN   # the server environment variable that holds the token (never the token itself)
 *     project: acme/shop            # optional: owner/name (GitLab: path or id); default from the push
 * </pre>
 * The token is read from the server's environment once, at start; {@code token} is null when that variable is not
 * set. {@link #toString()} never shows it.
 */
public record StatusTarget(StatusHost host, String apiUrl, String tokenEnv, String token, String project) {

    public boolean hasToken() {
        return token != null && !token.isBlank();
    }

    /**
     * The project the host knows the repository by: {@code project} when set, else the push's repository name
     * ({@code full_name}, GitLab's {@code path_with_namespace}), else the URL's path without {@code .git}.
     */
    public String projectOf(RepoRef repo) {
        if (project != null) {
            return project;
        }
        if (repo.name() != null && repo.name().contains("/")) {
            return repo.name();
        }
        String path;
        try {
            path = URI.create(repo.url()).getPath();
        } catch (IllegalArgumentException e) {
            path = repo.url();
        }
        path = path == null ? "" : path.replaceAll("^/+|/+$", "");
        return path.endsWith(".git") ? path.substring(0, path.length() - 4) : path;
    }

    @Override
    public String toString() {
        return "StatusTarget[" + host.wireName() + " " + apiUrl + ", token from " + tokenEnv
                + (hasToken() ? "" : " (not set)") + (project == null ? "" : ", project " + project) + "]";
    }
}
