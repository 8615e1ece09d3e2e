package dev.buildline.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/github"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
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
