package dev.buildline.coordinator.webhook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.buildline.common.messages.Json;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The repository a delivery names, read before its signature is checked to choose the secret that must vouch for it
 * ({@link WebhookSecrets}). It is read with Jackson's streaming parser: a body nobody has vouched for yet costs one
 * pass and no tree (25 MB of small JSON values would be a tree of hundreds of MB). It reads the fields the push parsers
 * read ({@link PushPayloads}): GitHub's and Gitea's {@code repository.clone_url}, GitLab's
 * {@code project.git_http_url}, else {@code repository.git_http_url}; of duplicate keys the last wins, as in Jackson's
 * tree. The webhook route checks after parsing that the push names this same URL, so should the two readings ever
 * differ, the delivery is refused rather than built under another repository's secret.
 */
public final class NamedRepository {

    private NamedRepository() {
    }

    /** The URL, or null when the body names none or is not a JSON object. */
    public static String of(String provider, byte[] body) {
        if (body == null) {
            return null;
        }
        boolean gitlab = "gitlab".equals(provider);
        Map<String, String> wanted = gitlab ? Map.of("project", "git_http_url", "repository", "git_http_url")
                : Map.of("repository", "clone_url");
        Map<String, String> found = new HashMap<>();
        try (JsonParser parser = Json.mapper().getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (wanted.containsKey(name)) {
                    found.put(name, value == JsonToken.START_OBJECT ? field(parser, wanted.get(name)) : null);
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        String url = nonEmpty(found.get(gitlab ? "project" : "repository"));
        return url == null && gitlab ? nonEmpty(found.get("repository")) : url;
    }

    /** The string value of {@code name} in the object the parser is in (the last one), skipping everything else. */
    private static String field(JsonParser parser, String name) throws IOException {
        String value = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            boolean wanted = parser.currentName().equals(name);
            JsonToken token = parser.nextToken();
            if (wanted) {
                value = token == JsonToken.VALUE_STRING ? parser.getText() : null;
            }
            parser.skipChildren();
        }
        return value;
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
