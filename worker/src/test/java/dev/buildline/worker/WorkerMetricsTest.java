package dev.buildline.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.worker.build.BuildxExit;
import dev.buildline.worker.publish.BuildEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which of a worker's events move which meter: the events as the worker makes them ({@link BuildEvents}), fed as the
 * result publisher feeds them once Kafka acknowledged them. RetryAndDeadLetterIT shows the same on real builds.
 */
class WorkerMetricsTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WorkerMetrics metrics = new WorkerMetrics(registry, "w1");
    private final BuildEvents events = new BuildEvents("w1", Clock.fixed(STARTED, ZoneOffset.UTC));
    private final BuildRequest request = new BuildRequest(BuildRequest.SCHEMA_VERSION, "b1", "d1",
            new RepoRef("file:///repo", "it/repo"), "refs/heads/main", "c1", "web", null, "devspace.yaml", List.of(),
            null, STARTED);

    @Test
    void aRetryCountsOnceWithTheExitCodeOfTheAttemptThatFailed() {
        metrics.event(events.of(request, 1, BuildStatus.RUNNING, null, STARTED, null, null, null, null));
        metrics.event(events.of(request, 2, BuildStatus.QUEUED, null, null, null, null,
                "attempt 1 failed; retrying in 1 s: " + BuildxExit.describe(1) + "\nfailed to push", null));

        assertThat(registry.get("buildline.worker.build.retries").tag("worker", "w1").counter().count()).isEqualTo(1);
        assertThat(registry.get("buildline.worker.buildx.exits").tag("code", "1").counter().count()).isEqualTo(1);
        assertThat(registry.find("buildline.worker.build.duration").timer()).isNull();
    }

    @Test
    void aTerminalEventRecordsItsDurationByStatusAndHowBuildxExited() {
        metrics.event(events.of(request, 1, BuildStatus.SUCCEEDED, null, STARTED, STARTED.plusSeconds(3), "sha256:a",
                null, null));
        metrics.event(events.of(request, 1, BuildStatus.FAILED, null, STARTED, STARTED.plusSeconds(1), null,
                BuildxExit.describe(2) + "\nERROR", null));

        assertThat(registry.get("buildline.worker.build.duration").tag("status", "succeeded").timer()
                .totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(registry.get("buildline.worker.build.duration").tag("status", "failed").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("buildline.worker.buildx.exits").tag("code", "0").counter().count()).isEqualTo(1);
        assertThat(registry.get("buildline.worker.buildx.exits").tag("code", "2").counter().count()).isEqualTo(1);
        assertThat(registry.get("buildline.worker.build.retries").counter().count()).isZero();
    }

    @Test
    void aBuildThatEndedBeforeBuildxRanHasNeitherDurationNorExitCode() {
        metrics.event(events.of(request, 1, BuildStatus.CANCELLED, null, null, STARTED, null,
                "cancel requested before the build started", null));
        metrics.event(events.of(request, 1, BuildStatus.FAILED, null, STARTED, STARTED.plusSeconds(1), null,
                "Dockerfile web/Dockerfile not found at c1", null));
        metrics.deadLetter("file:///repo#refs/heads/main#web", "unreadable build request");

        assertThat(registry.find("buildline.worker.build.duration").tag("status", "cancelled").timer()).isNull();
        assertThat(registry.find("buildline.worker.buildx.exits").counters()).isEmpty();
        assertThat(registry.get("buildline.worker.dead.letters").tag("worker", "w1").counter().count()).isEqualTo(1);
    }
}
