package dev.buildline.coordinator.status;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The git hosts Buildline posts commit statuses to, each with its documented call:
 * <ul>
 * <li>GitHub (and GitHub Enterprise Server, {@code https://<host>/api/v3}): {@code POST /repos/{owner}/{repo}/statuses/{sha}}
 *   with {@code state} (error, failure, pending, success), {@code target_url}, {@code description}, {@code context};
 *   {@code Authorization: Bearer <token>}. Source: docs.github.com/rest/commits/statuses#create-a-commit-status and
 *   GitHub's OpenAPI description (github/rest-api-description, ReposCreateCommitStatusRequest). A description over 140
 *   characters is refused with 422 "description is too long (maximum is 140 characters)" (seen in
 *   zalando/zappr#378, brigadecore/brigade#38).</li>
 * <li>GitLab (gitlab.com or self-hosted, {@code https://<host>/api/v4}): {@code POST /projects/:id/statuses/:sha} with
 *   {@code state} (pending, running, success, failed, canceled), {@code ref}, {@code name} (the context),
 *   {@code target_url}, {@code description}; {@code :id} is the project id or its URL-encoded path
 *   ({@code group%2Fsub%2Frepo}); {@code PRIVATE-TOKEN: <token>}. Source: docs.gitlab.com/ee/api/commits.html
 *   ("Set the pipeline status of a commit").</li>
 * <li>Gitea and Forgejo ({@code https://<host>/api/v1}): {@code POST /repos/{owner}/{repo}/statuses/{sha}} with
 *   {@code CreateStatusOption} {@code state} (pending, success, error, failure, warning), {@code target_url},
 *   {@code description}, {@code context}; {@code Authorization: token <token>}. Source: Gitea's swagger
 *   (modules/structs/commit_status.go in go-gitea/gitea) and Forgejo's CreateStatusOption schema.</li>
 * </ul>
 * GitLab and Gitea document no limit on the description; Buildline keeps it to 255 characters there.
 */
public enum StatusHost {
    GITHUB("https://api.github.com", 140),
    GITLAB("https://gitlab.com/api/v4", 255),
    GITEA(null, 255);

    private final String defaultApiUrl;
    private final int descriptionLimit;

    StatusHost(String defaultApiUrl, int descriptionLimit) {
        this.defaultApiUrl = defaultApiUrl;
        this.descriptionLimit = descriptionLimit;
    }

    /** {@code github}, {@code gitlab}, {@code gitea}; {@code forgejo} is Gitea's API. */
    public static StatusHost fromWire(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "github" -> GITHUB;
            case "gitlab" -> GITLAB;
            case "gitea", "forgejo" -> GITEA;
            default -> throw new IllegalArgumentException("unknown host '" + value
                    + "' (known: github, gitlab, gitea, forgejo)");
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The public host's API root, or null where there is none (Gitea is always self-hosted). */
    public String defaultApiUrl() {
        return defaultApiUrl;
    }

    public int descriptionLimit() {
        return descriptionLimit;
    }

    /** The host's word for {@code state}. Cancelled: GitHub has no such state (error), Gitea shows it as a warning. */
    public String state(CommitState state) {
        return switch (this) {
            case GITHUB -> switch (state) {
                case PENDING, RUNNING -> "pending";
                case SUCCESS -> "success";
                case FAILURE -> "failure";
                case ERROR, CANCELLED -> "error";
            };
            case GITLAB -> switch (state) {
                case PENDING -> "pending";
                case RUNNING -> "running";
                case SUCCESS -> "success";
                case FAILURE, ERROR -> "failed";
                case CANCELLED -> "canceled";
            };
            case GITEA -> switch (state) {
                case PENDING, RUNNING -> "pending";
                case SUCCESS -> "success";
                case FAILURE -> "failure";
                case ERROR -> "error";
                case CANCELLED -> "warning";
            };
        };
    }

    /** The host's request for {@code status} on {@code project} ({@code owner/name}, or a GitLab path or id). */
    public HostRequest request(String apiUrl, String project, String token, CommitStatus status) {
        String base = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "buildline");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", state(status.state()));
        String path;
        switch (this) {
            case GITHUB -> {
                path = "/repos/" + ownerAndName(project) + "/statuses/" + status.sha();
                headers.put("Accept", "application/vnd.github+json");
                headers.put("X-GitHub-Api-Version", "2022-11-28");
                headers.put("Authorization", "Bearer " + token);
                body.put("context", status.context());
            }
            case GITLAB -> {
                path = "/projects/" + segment(project) + "/statuses/" + status.sha();
                headers.put("PRIVATE-TOKEN", token);
                if (status.ref() != null) {
                    body.put("ref", status.ref());
                }
                body.put("name", status.context());
            }
            default -> {
                path = "/repos/" + ownerAndName(project) + "/statuses/" + status.sha();
                headers.put("Accept", "application/json");
                headers.put("Authorization", "token " + token);
                body.put("context", status.context());
            }
        }
        if (status.targetUrl() != null) {
            body.put("target_url", status.targetUrl());
        }
        body.put("description", shorten(status.description(), descriptionLimit));
        return new HostRequest(this, base + path, headers, body);
    }

    /** {@code owner/name} as two encoded path segments; a project with more slashes is not a GitHub/Gitea repo. */
    private static String ownerAndName(String project) {
        int slash = project.indexOf('/');
        if (slash <= 0 || slash != project.lastIndexOf('/') || slash == project.length() - 1) {
            throw new IllegalArgumentException("'" + project + "' is not owner/name");
        }
        return segment(project.substring(0, slash)) + "/" + segment(project.substring(slash + 1));
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** At most {@code limit} characters (code points), the cut marked with an ellipsis. */
    static String shorten(String text, int limit) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        if (oneLine.codePointCount(0, oneLine.length()) <= limit) {
            return oneLine;
        }
        int end = oneLine.offsetByCodePoints(0, limit - 1);
        return oneLine.substring(0, end).stripTrailing() + "…";
    }
}
