package dev.buildline.app;

import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.runtime.kafka.KafkaSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.ops.OpsMeters;
import dev.buildline.ops.OpsSettings;
import io.vertx.core.Vertx;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker's {@code /health/live}: 200 while its consume loops run, 503 naming the loop and why once one stopped for
 * good (so Kubernetes restarts it); and its ops port when another worker on the host holds the default one.
 */
class WorkerOpsTest {

    private final Vertx vertx = Vertx.vertx();
    private final TestLoops worker = new TestLoops();

    private final OpsMeters meters = new OpsMeters();

    @AfterEach
    void close() {
        meters.close();
        vertx.close().await();
    }

    /** Against a Kafka that is not there (nothing listens on port 1): the loops are what these tests change. */
    private WorkerOps start(int port, boolean anyPortWhenTaken) {
        return WorkerOps.start(vertx, new KafkaClients(KafkaSettings.plaintext("127.0.0.1:1")), Topics.defaults(),
                meters, OpsSettings.defaults(), port, anyPortWhenTaken, worker);
    }

    @Test
    void livenessFailsWithTheReasonOnceTheRequestConsumerStopped() throws Exception {
        try (WorkerOps ops = start(0, false)) {
            HttpResponse<String> up = get(ops.port(), "/health/live");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(Json.mapper().readTree(up.body()).path("checks").path("request-consumer").asText())
                    .isEqualTo("ok: running, 3 partition(s) of build-requests");

            worker.requests.stopped("org.apache.kafka.common.errors.FencedInstanceIdException: fenced");

            HttpResponse<String> down = get(ops.port(), "/health/live");
            assertThat(down.statusCode()).isEqualTo(503);
            JsonNode body = Json.mapper().readTree(down.body());
            assertThat(body.path("status").asText()).isEqualTo("down");
            assertThat(body.path("checks").path("request-consumer").asText()).isEqualTo(
                    "failed: request consumer stopped: org.apache.kafka.common.errors.FencedInstanceIdException: fenced");
            assertThat(body.path("checks").path("state-follower").asText()).isEqualTo("ok: running");
            assertThat(get(ops.port(), "/health/ready").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void aSecondWorkerOnTheHostServesOnAFreePortWhenTheDefaultIsTaken() throws Exception {
        try (ServerSocket first = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"));
             WorkerOps ops = start(first.getLocalPort(), true)) {
            assertThat(ops.port()).isNotEqualTo(first.getLocalPort()).isPositive();
            assertThat(get(ops.port(), "/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aPortChosenByTheOperatorIsNeverSwapped() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            assertThatThrownBy(() -> start(taken.getLocalPort(), false))
                    .hasMessageStartingWith("cannot serve /health and /metrics on port " + taken.getLocalPort()
                            + " (BUILDLINE_WORKER_HTTP_PORT)");
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
