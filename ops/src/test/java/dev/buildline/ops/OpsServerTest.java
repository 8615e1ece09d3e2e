package dev.buildline.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import dev.buildline.runtime.kafka.KafkaClients;
import dev.buildline.runtime.kafka.KafkaSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator's probes and scraper see from {@link OpsServer}: the routes every Buildline process serves, with
 * the checks a process gives them, and the JVM's meters on {@code /metrics} from the start.
 */
class OpsServerTest {

    private final Vertx vertx = Vertx.vertx();
    private final OpsMeters meters = new OpsMeters();

    @AfterEach
    void close() {
        meters.close();
        vertx.close().await();
    }

    @Test
    void livenessWithoutChecksIsUpAndMetricsArePrometheusTextWithTheJvm() throws Exception {
        try (OpsServer server = OpsServer.start(vertx, new OpsRoutes(meters.registry(), Checks.none(), Checks.none()),
                0, false, "BUILDLINE_TEST_PORT")) {
            HttpResponse<String> live = get(server.port(), "/health/live");
            HttpResponse<String> metrics = get(server.port(), "/metrics");

            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(Json.mapper().readTree(live.body()).path("status").asText()).isEqualTo("up");
            assertThat(metrics.headers().firstValue("Content-Type")).contains(OpsRoutes.PROMETHEUS_TEXT);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes").contains("process_uptime_seconds");
        }
    }

    @Test
    void aFailedCheckAnswers503NamingItWhileTheOthersSayWhatTheySaw() throws Exception {
        AtomicReference<String> loop = new AtomicReference<>();
        Checks liveness = () -> {
            Map<String, Future<String>> checks = new LinkedHashMap<>();
            checks.put("request-consumer", loop.get() == null ? Future.succeededFuture("running")
                    : Future.failedFuture(loop.get()));
            return checks;
        };
        Checks readiness = liveness.and(() -> Map.of("kafka", Future.succeededFuture("1 broker(s)")));
        try (OpsServer server = OpsServer.start(vertx, new OpsRoutes(meters.registry(), readiness, liveness), 0, false,
                "BUILDLINE_TEST_PORT")) {
            assertThat(get(server.port(), "/health/live").statusCode()).isEqualTo(200);
            assertThat(get(server.port(), "/health/ready").statusCode()).isEqualTo(200);

            loop.set("request consumer stopped: fenced");

            HttpResponse<String> live = get(server.port(), "/health/live");
            JsonNode liveBody = Json.mapper().readTree(live.body());
            assertThat(live.statusCode()).isEqualTo(503);
            assertThat(liveBody.path("status").asText()).isEqualTo("down");
            assertThat(liveBody.path("checks").path("request-consumer").asText())
                    .isEqualTo("failed: request consumer stopped: fenced");
            HttpResponse<String> ready = get(server.port(), "/health/ready");
            JsonNode readyBody = Json.mapper().readTree(ready.body());
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(readyBody.path("status").asText()).isEqualTo("not ready");
            assertThat(readyBody.path("checks").path("kafka").asText()).isEqualTo("ok: 1 broker(s)");
        }
    }

    @Test
    void aPortThatCannotBeServedNamesTheSettingThatChoseIt() {
        try (OpsServer first = OpsServer.start(vertx, new OpsRoutes(meters.registry(), Checks.none(), Checks.none()),
                0, false, "BUILDLINE_TEST_PORT")) {
            assertThatThrownBy(() -> OpsServer.start(vertx, new OpsRoutes(meters.registry(), Checks.none(),
                    Checks.none()), first.port(), false, "BUILDLINE_TEST_PORT"))
                    .hasMessageStartingWith("cannot serve /health and /metrics on port " + first.port()
                            + " (BUILDLINE_TEST_PORT)");
        }
    }

    @Test
    void oneMetricsEndpointShowsOneGroupsLagAndRefusesASecondGroup() {
        try (KafkaProbe probe = new KafkaProbe(new KafkaClients(KafkaSettings.plaintext("127.0.0.1:1")),
                vertx.getOrCreateContext())) {
            meters.sampleQueueLag(vertx, probe, "buildline.build-requests", "buildline-workers", Duration.ofMinutes(1));
            // dev: the embedded worker asks for the coordinator's group again, and that is the same sampling
            meters.sampleQueueLag(vertx, probe, "buildline.build-requests", "buildline-workers", Duration.ofMinutes(1));

            assertThatThrownBy(() -> meters.sampleQueueLag(vertx, probe, "buildline.build-requests", "other-workers",
                    Duration.ofMinutes(1)))
                    .hasMessage("this process's /metrics already shows the lag of group buildline-workers on "
                            + "buildline.build-requests; it cannot show other-workers on buildline.build-requests too");
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
