package dev.buildline.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/** Reads a pushed image back from the registry on 127.0.0.1:5000: its files, layer by layer, as the registry has them. */
final class RegistryImages {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    private RegistryImages() {
    }

    /** Regular files of the image (path without leading slash → content), later layers over earlier ones. */
    static Map<String, String> files(String reference) throws Exception {
        Map<String, String> files = new TreeMap<>();
        eachEntry(reference, (entry, tar) -> {
            // commons-compress counts links as files too
            if (entry.isFile() && !entry.isSymbolicLink() && !entry.isLink()) {
                files.put(name(entry), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
            }
        });
        return files;
    }

    /** Symbolic links of the image (path without leading slash → the link's target as stored). */
    static Map<String, String> links(String reference) throws Exception {
        Map<String, String> links = new TreeMap<>();
        eachEntry(reference, (entry, tar) -> {
            if (entry.isSymbolicLink()) {
                links.put(name(entry), entry.getLinkName());
            }
        });
        return links;
    }

    private interface EntryReader {
        void read(TarArchiveEntry entry, TarArchiveInputStream tar) throws Exception;
    }

    private static String name(TarArchiveEntry entry) {
        return entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", "");
    }

    private static void eachEntry(String reference, EntryReader reader) throws Exception {
        String base = repositoryUrl(reference);
        for (JsonNode layer : manifest(reference).path("layers")) {
            HttpResponse<byte[]> blob = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/blobs/"
                    + layer.path("digest").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
            InputStream data = new ByteArrayInputStream(blob.body());
            if (layer.path("mediaType").asText().contains("gzip")) {
                data = new GzipCompressorInputStream(data);
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(data)) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    reader.read(entry, tar);
                }
            }
        }
    }

    /** The image's run configuration ({@code config} of the image config blob: Entrypoint, Cmd, Env, ...). */
    static JsonNode runConfig(String reference) throws Exception {
        String digest = manifest(reference).path("config").path("digest").asText();
        HttpResponse<byte[]> blob = HTTP.send(HttpRequest.newBuilder(URI.create(repositoryUrl(reference) + "/blobs/"
                + digest)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return Json.mapper().readTree(blob.body()).path("config");
    }

    private static JsonNode manifest(String reference) throws Exception {
        int colon = reference.lastIndexOf(':');
        HttpResponse<byte[]> manifest = HTTP.send(HttpRequest.newBuilder(URI.create(repositoryUrl(reference)
                        + "/manifests/" + reference.substring(colon + 1)))
                .header("Accept", "application/vnd.docker.distribution.manifest.v2+json,"
                        + "application/vnd.oci.image.manifest.v1+json").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (manifest.statusCode() != 200) {
            throw new AssertionError("registry answered " + manifest.statusCode() + " for " + reference);
        }
        return Json.mapper().readTree(manifest.body());
    }

    /** {@code http://127.0.0.1:5000/v2/<repository>} for {@code 127.0.0.1:5000/<repository>:<tag>}. */
    private static String repositoryUrl(String reference) {
        String name = reference.substring(0, reference.lastIndexOf(':'));
        return "http://" + name.substring(0, name.indexOf('/')) + "/v2/" + name.substring(name.indexOf('/') + 1);
    }
}
