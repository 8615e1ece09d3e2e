package dev.buildline.worker.incluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubeconfig a worker in a pod writes for buildx, against fabric8's Kubernetes mock server over TLS (the only API
 * server here): a client built from nothing but that file trusts the server through the service account's CA file,
 * sends the token from the token file, and works in the pod's namespace.
 */
class ServiceAccountKubeconfigTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.service-account-token.sig";

    @TempDir
    Path temp;
    private KubernetesMockServer server;
    private Path serviceAccount;
    private Path home;

    @BeforeEach
    void setUp() throws Exception {
        server = new KubernetesMockServer(true);
        server.init();
        // the service account as the kubelet mounts it: token, the cluster's CA certificate, namespace
        serviceAccount = Files.createDirectories(temp.resolve("serviceaccount"));
        Files.writeString(serviceAccount.resolve("token"), TOKEN);
        Files.writeString(serviceAccount.resolve("ca.crt"), pem(serverCertificate()));
        Files.writeString(serviceAccount.resolve("namespace"), "team-builds");
        home = Files.createDirectories(temp.resolve("home"));
    }

    @AfterEach
    void tearDown() {
        server.destroy();
    }

    @Test
    void aClientBuiltFromTheWrittenKubeconfigListsPodsWithTheServiceAccountsToken() throws Exception {
        // Given the API server answers the pod list of the pod's namespace
        server.expect().get().withPath("/api/v1/namespaces/team-builds/pods")
                .andReturn(200, new PodListBuilder().addToItems(new PodBuilder().withNewMetadata()
                        .withName("shared0-7d9f-abcde").withNamespace("team-builds").endMetadata().build()).build())
                .always();

        // When the worker starts in a pod without a kubeconfig
        Map<String, String> processEnv = ServiceAccountKubeconfig.environment(podEnv(), serviceAccount, home);

        // Then its processes get KUBECONFIG, and that file alone reaches the API as the service account
        Path kubeconfig = Path.of(processEnv.get("KUBECONFIG"));
        assertThat(processEnv).containsOnlyKeys("KUBECONFIG");
        assertThat(kubeconfig).isEqualTo(home.resolve(".kube/buildline-in-cluster"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kubeconfig))).isEqualTo("rw-------");
        // buildx (client-go) re-reads the token file as the kubelet rotates it
        assertThat(Files.readString(kubeconfig)).contains("\"tokenFile\" : \"" + serviceAccount.resolve("token") + "\"");
        Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            assertThat(client.getNamespace()).isEqualTo("team-builds");
            assertThat(client.pods().list().getItems()).extracting(pod -> pod.getMetadata().getName())
                    .containsExactly("shared0-7d9f-abcde");
        }
        RecordedRequest request = server.getLastRequest();
        assertThat(request.getPath()).startsWith("/api/v1/namespaces/team-builds/pods");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void writesNothingOutsideAPodOrWhenTheUserHasAKubeconfig() throws Exception {
        assertThat(ServiceAccountKubeconfig.environment(Map.of(), serviceAccount, home)).isEmpty();
        Map<String, String> withKubeconfig = Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1",
                "KUBECONFIG", "/etc/kube/config");
        assertThat(ServiceAccountKubeconfig.environment(withKubeconfig, serviceAccount, home)).isEmpty();
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\nkind: Config\n");
        assertThat(ServiceAccountKubeconfig.environment(podEnv(), serviceAccount, home)).isEmpty();
        assertThat(ServiceAccountKubeconfig.environment(podEnv(), temp.resolve("no-service-account"),
                Files.createDirectories(temp.resolve("other-home")))).isEmpty();
        assertThat(home.resolve(".kube/buildline-in-cluster")).doesNotExist();
    }

    @Test
    void bracketsAnIpv6ApiServerAddress() {
        assertThat(ServiceAccountKubeconfig.server("fd00::1", "443")).isEqualTo("https://[fd00::1]:443");
        assertThat(ServiceAccountKubeconfig.server("10.96.0.1", "443")).isEqualTo("https://10.96.0.1:443");
    }

    /** What the kubelet puts in a pod's environment for the API server, pointing at the mock server. */
    private Map<String, String> podEnv() {
        return Map.of("KUBERNETES_SERVICE_HOST", server.getHostName(),
                "KUBERNETES_SERVICE_PORT", String.valueOf(server.getPort()));
    }

    /** The certificate the mock server presents, which stands for the cluster CA a pod is given. */
    private X509Certificate serverCertificate() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(server.getHostName(),
                server.getPort())) {
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return (X509Certificate) chain[chain.length - 1];
        }
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }
}
