package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.CoordinatorSettings;
import dev.buildline.ops.OpsMeters;
import dev.buildline.ops.OpsSettings;
import dev.buildline.runtime.kafka.KafkaSettings;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dev} runs the worker inside the coordinator's process, so the coordinator's {@code /health/live} (the one
 * port {@code dev} serves) checks the worker's consume loops too, as Main wires it: 503 naming the loop once one
 * stopped for good, while readiness (webhooks can still be taken) stays 200. A real broker and coordinator; the
 * loops' health is the worker's {@code LoopHealth} ({@link TestLoops}), stopped here as a loop that died stops it
 * (DashboardIT shows the real loops listed in a running {@code dev}).
 */
class DevLivenessIT {

    @TempDir
    Path temp;

    private final TestLoops worker = new TestLoops();

    @Test
    void aStoppedWorkerLoopFailsTheLivenessOfTheProcessThatRunsIt() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (TestBroker kafka = TestBroker.start(temp.resolve("kafka"), 0);
             OpsMeters meters = new OpsMeters()) {
            TopicSetup.ensure(kafka.bootstrapServers(), Topics.defaults(), 3, (short) 1);
            try (CoordinatorProcess coordinator = CoordinatorProcess.start(vertx, new CoordinatorSettings(
                    KafkaSettings.plaintext(kafka.bootstrapServers()), Topics.defaults(), 0, "secret", null, null, null,
                    List.of(), "devspace.yaml", temp.resolve("coordinator"), null, null,
                    CoordinatorSettings.DEFAULT_BODY_LIMIT, 1000), OpsSettings.defaults(), meters, worker.liveness())) {
                HttpResponse<String> up = Webhooks.get(coordinator.httpPort(), "/health/live");
                assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
                assertThat(Json.mapper().readTree(up.body()).path("checks").path("request-consumer").asText())
                        .isEqualTo("ok: running, 3 partition(s) of build-requests");

                worker.requests.stopped("org.apache.kafka.common.errors.GroupAuthorizationException: not authorized");

                HttpResponse<String> down = Webhooks.get(coordinator.httpPort(), "/health/live");
                JsonNode body = Json.mapper().readTree(down.body());
                assertThat(down.statusCode()).isEqualTo(503);
                assertThat(body.path("status").asText()).isEqualTo("down");
                assertThat(body.path("checks").path("request-consumer").asText()).isEqualTo("failed: request consumer "
                        + "stopped: org.apache.kafka.common.errors.GroupAuthorizationException: not authorized");
                assertThat(body.path("checks").path("state-follower").asText()).isEqualTo("ok: running");
                HttpResponse<String> ready = Webhooks.get(coordinator.httpPort(), "/health/ready");
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            }
        } finally {
            vertx.close().await();
        }
    }
}
