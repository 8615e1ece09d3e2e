package dev.buildline.app;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Sends GitHub push webhooks the way GitHub does: JSON body, event and delivery headers, HMAC-SHA256 signature. */
final class Webhooks {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Webhooks() {
    }

    static String pushPayload(String repoUrl, String fullName, String ref, String before, String after) {
        return """
                {"ref": "%s", "before": "%s", "after": "%s", "created": false, "deleted": false, "forced": false,
                 "repository": {"id": 1, "name": "%s", "full_name": "%s", "clone_url": "%s", "default_branch": "main"},
                 "pusher": {"name": "tester"}, "commits": [], "head_commit": {"id": "%s"}}
                """.formatted(ref, before, after, fullName.substring(fullName.indexOf('/') + 1), fullName, repoUrl, after);
    }

    static String sign(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    static HttpResponse<String> postGithub(int port, String event, String signature, String body) throws Exception {
        return postGithub(HTTP, port, event, signature, body);
    }

    /** Through {@code client}: the benchmarks send over HTTP/1.1, as the git hosts do. */
    static HttpResponse<String> postGithub(HttpClient client, int port, String event, String signature, String body)
            throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-GitHub-Event", event);
        headers.put("X-GitHub-Delivery", UUID.randomUUID().toString());
        if (signature != null) {
            headers.put("X-Hub-Signature-256", signature);
        }
        return post(client, port, "/webhooks/github", headers, body);
    }

    /** image → buildId of an intake answer. */
    static Map<String, String> builds(String answer) throws Exception {
        Map<String, String> builds = new LinkedHashMap<>();
        for (JsonNode build : Json.mapper().readTree(answer).path("builds")) {
            builds.put(build.path("image").asText(), build.path("buildId").asText());
        }
        return builds;
    }

    /** The build as the API shows it once it reached a terminal status. */
    static JsonNode awaitTerminal(int port, String buildId) {
        return awaitTerminal(port, buildId, null);
    }

    /** Asking with {@code apiToken} (BUILDLINE_API_TOKEN), or none when null. */
    static JsonNode awaitTerminal(int port, String buildId, String apiToken) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> response = get(port, "/api/builds/" + buildId, apiToken);
            if (response.statusCode() != 200) {
                return false;
            }
            last[0] = Json.mapper().readTree(response.body());
            return BuildStatus.fromWire(last[0].path("status").asText()).isTerminal();
        });
        return last[0];
    }

    static HttpResponse<String> post(int port, String path, Map<String, String> headers, String body)
            throws Exception {
        return post(HTTP, port, path, headers, body);
    }

    private static HttpResponse<String> post(HttpClient client, int port, String path, Map<String, String> headers,
                                             String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return get(port, path, null);
    }

    /** With {@code Authorization: Bearer <apiToken>} unless it is null. */
    static HttpResponse<String> get(int port, String path, String apiToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (apiToken != null) {
            request.header("Authorization", "Bearer " + apiToken);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The digest the registry serves for a tag (HEAD of the manifest). */
    static String registryDigest(String reference) throws Exception {
        int colon = reference.lastIndexOf(':');
        String name = reference.substring(0, colon);
        String repository = name.substring(name.indexOf('/') + 1);
        String registry = name.substring(0, name.indexOf('/'));
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/"
                        + repository + "/manifests/" + reference.substring(colon + 1)))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json,"
                        + "application/vnd.oci.image.manifest.v1+json,application/vnd.oci.image.index.v1+json,"
                        + "application/vnd.docker.distribution.manifest.list.v2+json")
                .build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 200) {
            return "registry answered " + response.statusCode();
        }
        return response.headers().firstValue("Docker-Content-Digest").orElse("no digest header");
    }
}
