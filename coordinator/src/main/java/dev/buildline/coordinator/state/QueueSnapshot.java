package dev.buildline.coordinator.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * The queue and the workers, as {@code GET /api/queue} shows them: per partition of build-requests its consumer lag
 * (requests the workers' group has not committed: queued and running ones, from the coordinator's
 * {@code buildline_queue_lag} meter) and the queued builds whose request went there; queued builds per image; and
 * per worker (the {@code worker} of build events) the builds it runs now and the last one it ended.
 * <p>
 * A queued build's partition is the one the intake producer chose for its request: Kafka's default partitioner over
 * the request key {@code <repo>#<ref>#<image>} (murmur2), given the partition count the lag meter reports. Before the
 * lag has been sampled the count is unknown and {@code partitionsKnown} is false: builds are then listed per image.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record QueueSnapshot(boolean partitionsKnown, List<Partition> partitions, List<ImageQueue> images,
                            List<Worker> workers, int queued, int running) {

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Partition(int partition, Long lag, List<String> queued) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ImageQueue(String repo, String repoName, String image, List<BuildView> queued) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Worker(String worker, List<BuildView> running, BuildView lastEnded, Instant lastSeen) {
    }

    private static final Comparator<BuildView> OLDEST_FIRST = Comparator.comparing(BuildView::updatedAt,
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(BuildView::buildId);

    /** @param lagByPartition the last sampled lag per partition of build-requests; empty when not sampled yet */
    public static QueueSnapshot of(List<BuildView> builds, Map<Integer, Long> lagByPartition) {
        int partitionCount = lagByPartition.isEmpty() ? 0 : lagByPartition.keySet().stream().mapToInt(i -> i).max()
                .orElse(-1) + 1;
        List<BuildView> queued = builds.stream().filter(b -> b.status() == BuildStatus.QUEUED && b.image() != null)
                .sorted(OLDEST_FIRST).toList();
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        for (int p = 0; p < partitionCount; p++) {
            byPartition.put(p, new ArrayList<>());
        }
        Map<String, List<BuildView>> byImage = new LinkedHashMap<>();
        for (BuildView build : queued) {
            if (partitionCount > 0 && build.repo() != null && build.ref() != null) {
                byPartition.get(partitionOf(build, partitionCount)).add(build.buildId());
            }
            byImage.computeIfAbsent(build.repo() + "#" + build.image(), k -> new ArrayList<>()).add(build);
        }
        List<Partition> partitions = new ArrayList<>();
        byPartition.forEach((p, ids) -> partitions.add(new Partition(p, lagByPartition.get(p), List.copyOf(ids))));
        List<ImageQueue> images = byImage.values().stream().map(list -> new ImageQueue(list.get(0).repo(),
                list.get(0).repoName(), list.get(0).image(), List.copyOf(list))).toList();
        return new QueueSnapshot(partitionCount > 0, partitions, images, workers(builds), queued.size(),
                (int) builds.stream().filter(b -> b.status() == BuildStatus.RUNNING).count());
    }

    /** The partition Kafka's default partitioner gives the build's request key among {@code count} partitions. */
    static int partitionOf(BuildView build, int count) {
        byte[] key = Topics.requestKey(build.repo(), build.ref(), build.image()).getBytes(StandardCharsets.UTF_8);
        return BuiltInPartitioner.partitionForKey(key, count);
    }

    private static List<Worker> workers(List<BuildView> builds) {
        Map<String, List<BuildView>> byWorker = new TreeMap<>();
        for (BuildView build : builds) {
            if (build.worker() != null) {
                byWorker.computeIfAbsent(build.worker(), w -> new ArrayList<>()).add(build);
            }
        }
        List<Worker> workers = new ArrayList<>();
        byWorker.forEach((worker, list) -> {
            list.sort(OLDEST_FIRST.reversed());
            List<BuildView> running = list.stream().filter(b -> b.status() == BuildStatus.RUNNING).toList();
            BuildView lastEnded = list.stream().filter(b -> b.status().isTerminal()).findFirst().orElse(null);
            workers.add(new Worker(worker, running, lastEnded, list.get(0).updatedAt()));
        });
        workers.sort(Comparator.comparing((Worker w) -> w.running().isEmpty())
                .thenComparing(Worker::lastSeen, Comparator.nullsLast(Comparator.reverseOrder())));
        return workers;
    }
}
