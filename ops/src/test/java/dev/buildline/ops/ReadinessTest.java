package dev.buildline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    @Test
    void readyWhenEveryCheckPassesAndEachSaysWhatItSaw() {
        Readiness readiness = Readiness.of(Map.of("kafka", Future.succeededFuture("1 broker(s)"))).result();

        assertThat(readiness.ready()).isTrue();
        assertThat(readiness.body()).isEqualTo(Map.of("status", "ready", "checks", Map.of("kafka", "ok: 1 broker(s)")));
    }

    @Test
    void oneFailedCheckMakesItNotReadyAndSaysWhy() {
        Map<String, Future<String>> checks = new LinkedHashMap<>();
        checks.put("kafka", Future.failedFuture("Timed out waiting for a node assignment"));
        checks.put("docker", Future.succeededFuture("daemon and buildx answer"));

        Readiness readiness = Readiness.of(checks).result();

        assertThat(readiness.ready()).isFalse();
        assertThat(readiness.checks()).containsEntry("kafka", "failed: Timed out waiting for a node assignment")
                .containsEntry("docker", "ok: daemon and buildx answer");
        assertThat(readiness.body()).containsEntry("status", "not ready");
    }
}
