package dev.buildline.worker.incluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.buildline.common.messages.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubeconfig buildx's kubernetes driver reads, for a worker in a pod. A pod has no kubeconfig: it has its service
 * account's token, the cluster's CA certificate and its namespace under {@link #SERVICE_ACCOUNT}, and the API server
 * in {@code KUBERNETES_SERVICE_HOST}/{@code _PORT}. When the worker runs in a pod and neither {@code KUBECONFIG} nor
 * {@code ~/.kube/config} exists, it writes a kubeconfig (owner-only) with the pod's namespace in its one context and
 * gives its processes {@code KUBECONFIG}. The user has {@code tokenFile}, which client-go (buildx) re-reads as the
 * kubelet rotates the token and prefers over {@code token}, and {@code token}, the token at start, for readers that
 * know only that field (fabric8 among them). The worker's own fabric8 client keeps using the service account
 * directly, with the same identity.
 */
public final class ServiceAccountKubeconfig {

    private static final Logger LOGGER = LoggerFactory.getLogger(ServiceAccountKubeconfig.class);

    public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
    public static final String CONTEXT = "buildline-in-cluster";
    static final String FILE_NAME = "buildline-in-cluster";

    private ServiceAccountKubeconfig() {
    }

    /**
     * The environment the worker's processes need to reach the cluster: {@code KUBECONFIG} of the written file when
     * the worker runs in a pod without a kubeconfig, else nothing (buildx finds the user's own).
     *
     * @param serviceAccount the mounted service account ({@link #SERVICE_ACCOUNT} in a pod)
     * @param home           the worker's home; the file goes to {@code <home>/.kube/buildline-in-cluster}
     */
    public static Map<String, String> environment(Map<String, String> env, Path serviceAccount, Path home)
            throws IOException {
        String host = env.get("KUBERNETES_SERVICE_HOST");
        Path token = serviceAccount.resolve("token");
        if (host == null || host.isBlank() || !Files.isRegularFile(token)) {
            return Map.of(); // not in a pod
        }
        String configured = env.get("KUBECONFIG");
        if (configured != null && !configured.isBlank() || Files.exists(home.resolve(".kube/config"))) {
            return Map.of(); // the user's kubeconfig wins
        }
        Path file = home.resolve(".kube").resolve(FILE_NAME);
        write(file, render(server(host, env.getOrDefault("KUBERNETES_SERVICE_PORT", "443")),
                serviceAccount.resolve("ca.crt"), token, Files.readString(token, StandardCharsets.UTF_8).strip(),
                namespace(serviceAccount).orElse(null)));
        LOGGER.atInfo().addKeyValue("kubeconfig", file).log("in a pod without a kubeconfig: wrote one from the"
                + " service account for buildx");
        return Map.of("KUBECONFIG", file.toString());
    }

    /** The API server's URL; an IPv6 address gets brackets. */
    static String server(String host, String port) {
        String h = host.strip();
        return "https://" + (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port.strip();
    }

    /**
     * A kubeconfig with one cluster, user and context. Written as JSON, which every kubeconfig reader accepts (it is
     * YAML), so no value can break its structure.
     */
    static String render(String server, Path caCertificate, Path tokenFile, String token, String namespace) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("cluster", CONTEXT);
        context.put("user", CONTEXT);
        if (namespace != null) {
            context.put("namespace", namespace);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        config.put("clusters", List.of(Map.of("name", CONTEXT, "cluster",
                Map.of("server", server, "certificate-authority", caCertificate.toString()))));
        config.put("users", List.of(Map.of("name", CONTEXT, "user", Map.of("tokenFile", tokenFile.toString(), "token", token))));
        config.put("contexts", List.of(Map.of("name", CONTEXT, "context", context)));
        config.put("current-context", CONTEXT);
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a kubeconfig", e);
        }
    }

    private static Optional<String> namespace(Path serviceAccount) throws IOException {
        Path file = serviceAccount.resolve("namespace");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String namespace = Files.readString(file, StandardCharsets.UTF_8).strip();
        return namespace.isEmpty() ? Optional.empty() : Optional.of(namespace);
    }

    /** Owner-only, replaced in one move so a reader never sees half a file. */
    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
