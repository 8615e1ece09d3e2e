package dev.buildline.coordinator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.RepoRef;
import java.io.IOException;

/** Reads GitHub's push payload (https://docs.github.com/webhooks/webhook-events-and-payloads#push). */
public final class GithubPayloads {

    private GithubPayloads() {
    }

    public static PushEvent push(String deliveryId, byte[] body) {
        JsonNode root = parse(body);
        JsonNode repository = root.path("repository");
        String url = text(repository, "clone_url", "repository.clone_url");
        String name = repository.path("full_name").asText(url);
        String ref = text(root, "ref", "ref");
        String after = text(root, "after", "after");
        String before = root.path("before").asText(null);
        boolean deleted = root.path("deleted").asBoolean(false);
        return new PushEvent("github", deliveryId, new RepoRef(url, name), ref, before, after, deleted);
    }

    static JsonNode parse(byte[] body) {
        try {
            JsonNode root = Json.mapper().readTree(body);
            if (root == null || !root.isObject()) {
                throw new WebhookRejectedException(400, "payload is not a JSON object");
            }
            return root;
        } catch (IOException e) {
            throw new WebhookRejectedException(400, "payload is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    static String text(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw new WebhookRejectedException(400, "payload field " + path + " is missing or not a string");
        }
        return value.asText();
    }
}
