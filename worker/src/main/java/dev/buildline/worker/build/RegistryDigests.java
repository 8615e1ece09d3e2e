package dev.buildline.worker.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a registry for the digest of a pushed tag ({@code HEAD /v2/<name>/manifests/<tag>}, header
 * Docker-Content-Digest), so the digest Buildline reports is the one the registry serves. Loopback registries are
 * spoken to over plain HTTP, as Docker does; others over HTTPS with anonymous bearer tokens.
 */
public final class RegistryDigests {

    private static final String ACCEPT = String.join(",",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    /** Splits {@code host[:port]/path:tag} the way Docker does (docker.io and library/ when no host is named). */
    public record Reference(String registry, String repository, String tag) {
        public static Reference parse(String reference) {
            int colon = reference.lastIndexOf(':');
            int slash = reference.lastIndexOf('/');
            if (colon < 0 || colon < slash) {
                throw new IllegalArgumentException("reference has no tag: " + reference);
            }
            String name = reference.substring(0, colon);
            String tag = reference.substring(colon + 1);
            int first = name.indexOf('/');
            String head = first < 0 ? "" : name.substring(0, first);
            if (first >= 0 && (head.contains(".") || head.contains(":") || head.equals("localhost"))) {
                return new Reference(head, name.substring(first + 1), tag);
            }
            return new Reference("registry-1.docker.io", first < 0 ? "library/" + name : name, tag);
        }

        boolean loopback() {
            String host = registry.replaceFirst(":\\d+$", "");
            return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        }
    }

    public Optional<String> digest(String reference) throws IOException, InterruptedException {
        Reference ref = Reference.parse(reference);
        URI uri = URI.create((ref.loopback() ? "http://" : "https://") + ref.registry() + "/v2/" + ref.repository()
                + "/manifests/" + ref.tag());
        HttpResponse<Void> response = http.send(head(uri, null), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 401) {
            Optional<String> token = token(response.headers().firstValue("WWW-Authenticate").orElse(""));
            if (token.isPresent()) {
                response = http.send(head(uri, token.get()), HttpResponse.BodyHandlers.discarding());
            }
        }
        if (response.statusCode() != 200) {
            throw new IOException("registry " + ref.registry() + " answered " + response.statusCode() + " for "
                    + ref.repository() + ":" + ref.tag());
        }
        return response.headers().firstValue("Docker-Content-Digest");
    }

    private static HttpRequest head(URI uri, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("Accept", ACCEPT).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private Optional<String> token(String challenge) throws IOException, InterruptedException {
        if (!challenge.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        Matcher matcher = CHALLENGE_PARAM.matcher(challenge);
        while (matcher.find()) {
            params.put(matcher.group(1), matcher.group(2));
        }
        String realm = params.remove("realm");
        if (realm == null) {
            return Optional.empty();
        }
        StringBuilder query = new StringBuilder();
        params.forEach((key, value) -> query.append(query.length() == 0 ? "?" : "&").append(key).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(realm + query))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            return Optional.empty();
        }
        JsonNode body = Json.mapper().readTree(response.body());
        String token = body.path("token").asText(body.path("access_token").asText(""));
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
