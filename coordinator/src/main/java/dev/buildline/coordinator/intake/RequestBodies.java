package dev.buildline.coordinator.intake;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.coordinator.webhook.PushPayloads;
import dev.buildline.coordinator.webhook.RequestRejectedException;
import java.io.IOException;
import java.util.Set;

/** Reads JSON request bodies strictly: unknown fields, missing fields and wrong types are 400s that name the field. */
public final class RequestBodies {

    private static final Set<String> CONFIG_CHANGE_FIELDS = Set.of("repo", "ref", "commit", "devspaceYaml", "previousYaml");

    private RequestBodies() {
    }

    /** Parses a config-change body (HTTP or topic); unknown fields and missing ones are 400s that name them. */
    public static ConfigChange configChange(byte[] body, String deliveryId) {
        JsonNode root = object(body, CONFIG_CHANGE_FIELDS);
        JsonNode previous = root.path("previousYaml");
        if (!previous.isMissingNode() && !previous.isNull() && !previous.isTextual()) {
            throw new RequestRejectedException(400, "previousYaml must be a string");
        }
        return new ConfigChange(1, deliveryId, repo(root), text(root, "ref"), commit(root),
                text(root, "devspaceYaml"), previous.isTextual() ? previous.asText() : null);
    }

    public static RepoRef repo(JsonNode root) {
        JsonNode repo = root.path("repo");
        if (!repo.isObject()) {
            throw new RequestRejectedException(400, "repo must be an object with a url");
        }
        String url = text(repo, "url");
        return new RepoRef(url, repo.path("name").asText(url));
    }

    public static JsonNode object(byte[] body, Set<String> known) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new RequestRejectedException(400, "body is not valid JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new RequestRejectedException(400, "body must be a JSON object");
        }
        root.fieldNames().forEachRemaining(field -> {
            if (!known.contains(field) && !"schemaVersion".equals(field)) {
                throw new RequestRejectedException(400, "unknown field " + field + " (known: " + known + ")");
            }
        });
        return root;
    }

    /** The {@code commit} field: 40 hex characters, or a 400 saying it is malformed (before any git access). */
    public static String commit(JsonNode root) {
        return PushPayloads.commitId(text(root, "commit"), "commit");
    }

    public static String text(JsonNode parent, String field) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new RequestRejectedException(400, field + " is required and must be a string");
        }
        return value.asText();
    }
}
