package dev.buildline.coordinator.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.common.messages.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** The dashboard's summaries of the view: per-image histories and the queue and workers (pure). */
class OverviewTest {

    private static final RepoRef REPO = new RepoRef("https://git.example/acme/app.git", "acme/app");
    private final BuildStateView view = new BuildStateView(100);

    private void apply(String id, String image, BuildStatus status, int second, Long durationMs, String worker) {
        view.apply(new BuildEvent(1, UUID.randomUUID().toString(), id, image, REPO, "refs/heads/main",
                "c".repeat(40), status, List.of(), null, status == BuildStatus.QUEUED ? null : Instant.ofEpochSecond(second),
                null, durationMs, null, 1, null, worker, null, Instant.ofEpochSecond(second)));
    }

    @Test
    void eachImageHasItsBuildsNewestFirstAndASuccessRateOverSucceededAndFailed() {
        apply("w1", "web", BuildStatus.SUCCEEDED, 10, 2000L, "worker-a");
        apply("w2", "web", BuildStatus.FAILED, 20, 3000L, "worker-a");
        apply("w3", "web", BuildStatus.SUCCEEDED, 30, 2500L, "worker-b");
        apply("w4", "web", BuildStatus.CANCELLED, 40, 100L, "worker-b");
        apply("a1", "api", BuildStatus.SKIPPED, 5, 0L, null);

        List<ImageHistory> histories = ImageHistory.of(view.snapshot(), BuildFilter.ANY, 3);

        assertThat(histories).extracting(ImageHistory::image).containsExactly("web", "api");
        ImageHistory web = histories.get(0);
        assertThat(web.total()).isEqualTo(4);
        assertThat(web.succeeded()).isEqualTo(2);
        assertThat(web.failed()).isEqualTo(1);
        assertThat(web.successRate()).isEqualTo(2.0 / 3);
        assertThat(web.builds()).extracting(ImageHistory.Point::buildId).containsExactly("w4", "w3", "w2");
        assertThat(web.builds().get(1).durationMs()).isEqualTo(2500L);
        assertThat(histories.get(1).successRate()).as("a skipped build says nothing about the image").isNull();
        assertThat(ImageHistory.of(view.snapshot(), new BuildFilter(BuildStatus.FAILED, "api", null), 10))
                .singleElement().extracting(ImageHistory::total).isEqualTo(1);
    }

    @Test
    void queuedBuildsGoToThePartitionKafkasDefaultPartitionerGivesTheirRequestKey() {
        apply("q1", "web", BuildStatus.QUEUED, 10, null, null);
        apply("q2", "api", BuildStatus.QUEUED, 11, null, null);
        apply("q3", "web", BuildStatus.QUEUED, 12, null, null);
        apply("r1", "db", BuildStatus.RUNNING, 13, null, "worker-a");

        QueueSnapshot queue = QueueSnapshot.of(view.snapshot(), Map.of(0, 2L, 1, 0L, 2, 3L));

        assertThat(queue.partitionsKnown()).isTrue();
        assertThat(queue.partitions()).extracting(QueueSnapshot.Partition::partition).containsExactly(0, 1, 2);
        assertThat(queue.partitions()).extracting(QueueSnapshot.Partition::lag).containsExactly(2L, 0L, 3L);
        int web = murmur2Partition(Topics.requestKey(REPO.url(), "refs/heads/main", "web"), 3);
        assertThat(queue.partitions().get(web).queued()).contains("q1", "q3");
        assertThat(queue.partitions().stream().mapToInt(p -> p.queued().size()).sum()).isEqualTo(3);
        assertThat(queue.images()).extracting(QueueSnapshot.ImageQueue::image).containsExactly("web", "api");
        assertThat(queue.queued()).isEqualTo(3);
        assertThat(queue.running()).isEqualTo(1);
    }

    @Test
    void beforeTheLagIsSampledQueuedBuildsAreListedPerImageOnly() {
        apply("q1", "web", BuildStatus.QUEUED, 10, null, null);

        QueueSnapshot queue = QueueSnapshot.of(view.snapshot(), Map.of());

        assertThat(queue.partitionsKnown()).isFalse();
        assertThat(queue.partitions()).isEmpty();
        assertThat(queue.images()).singleElement().satisfies(i -> assertThat(i.queued()).extracting(BuildView::buildId)
                .containsExactly("q1"));
    }

    @Test
    void eachWorkerShowsWhatItRunsNowAndWhatItEndedLast() {
        apply("b1", "web", BuildStatus.SUCCEEDED, 10, 1000L, "worker-a");
        apply("b2", "api", BuildStatus.RUNNING, 20, null, "worker-a");
        apply("b3", "db", BuildStatus.FAILED, 30, 1000L, "worker-b");

        QueueSnapshot queue = QueueSnapshot.of(view.snapshot(), Map.of());

        assertThat(queue.workers()).extracting(QueueSnapshot.Worker::worker).containsExactly("worker-a", "worker-b");
        QueueSnapshot.Worker a = queue.workers().get(0);
        assertThat(a.running()).extracting(BuildView::buildId).containsExactly("b2");
        assertThat(a.lastEnded().buildId()).isEqualTo("b1");
        assertThat(queue.workers().get(1).running()).isEmpty();
        assertThat(view.get("b2").orElseThrow().worker()).isEqualTo("worker-a");
    }

    /** How the Kafka producer's default partitioner places a keyed record (murmur2 of the key's bytes). */
    private static int murmur2Partition(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
