package dev.buildline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.worker.build.Stop;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BuildQueueTest {

    private static final TopicPartition P0 = new TopicPartition("requests", 0);
    private static final TopicPartition P1 = new TopicPartition("requests", 1);
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final ExecutorService stoppers = Executors.newCachedThreadPool();
    private static final Stop RAN = new Stop(Stop.Kind.CANCELLED, "not stopped: ran to the end");
    private final Map<String, Stop> endedWith = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        stoppers.shutdownNow();
    }

    @Test
    void runsEachKeyInClaimOrderAndKeysInParallel() throws InterruptedException {
        Map<String, List<Long>> seen = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(40);
        BuildQueue queue = new BuildQueue(pool, stoppers, SupersedePolicy.OFF, job -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(5);
            seen.computeIfAbsent(job.key(), k -> new CopyOnWriteArrayList<>()).add(job.offset());
            running.decrementAndGet();
            done.countDown();
        });

        for (int i = 0; i < 40; i++) {
            queue.submit(job(P0, i, "key-" + i % 4, "b" + i));
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        for (int k = 0; k < 4; k++) {
            int first = k;
            assertThat(seen.get("key-" + k)).containsExactly(
                    IntStream.range(0, 10).mapToObj(n -> (long) (first + 4 * n)).toArray(Long[]::new));
        }
        assertThat(maxRunning.get()).isGreaterThan(1);
    }

    @Test
    void aFailingJobDoesNotStopTheKeysQueue() throws InterruptedException {
        CountDownLatch second = new CountDownLatch(1);
        BuildQueue queue = new BuildQueue(pool, stoppers, SupersedePolicy.OFF, job -> {
            if (job.offset() == 0) {
                throw new IllegalStateException("boom");
            }
            second.countDown();
        });

        queue.submit(job(P0, 0, "k", "b0"));
        queue.submit(job(P0, 1, "k", "b1"));

        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void cancelRunningPolicyStopsTheRunningBuildAndSupersedesWaitingOnes() throws InterruptedException {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch allSubmitted = new CountDownLatch(1);
        AtomicInteger processStops = new AtomicInteger();
        BuildQueue queue = new BuildQueue(pool, stoppers, SupersedePolicy.CANCEL_RUNNING,
                recording(job -> {
                    if (job.offset() == 0) {
                        job.onStop(processStops::incrementAndGet);
                        firstRunning.countDown();
                        awaitStop(job);
                        // a stopping build ends after its stop began: old-waiting is still waiting when newest comes
                        await(allSubmitted);
                    }
                }));

        queue.submit(job(P0, 0, "k", "old-running"));
        assertThat(firstRunning.await(5, TimeUnit.SECONDS)).isTrue();
        queue.submit(job(P0, 1, "k", "old-waiting"));
        queue.submit(job(P0, 2, "k", "newest"));
        allSubmitted.countDown();

        assertThat(queue.awaitEmpty(Duration.ofSeconds(10))).isTrue();
        assertThat(endedWith.get("old-running").kind()).isEqualTo(Stop.Kind.SUPERSEDED);
        assertThat(endedWith.get("old-waiting").reason()).isEqualTo("superseded by build newest of commit c-newest");
        assertThat(endedWith.get("newest")).isEqualTo(RAN);
        assertThat(processStops.get()).isEqualTo(1);
    }

    @Test
    void queueOnlyPolicyLetsTheRunningBuildFinish() throws InterruptedException {
        CountDownLatch firstRunning = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BuildQueue queue = new BuildQueue(pool, stoppers, SupersedePolicy.QUEUE_ONLY, recording(job -> {
            if (job.offset() == 0) {
                firstRunning.countDown();
                await(release);
            }
        }));

        queue.submit(job(P0, 0, "k", "running"));
        assertThat(firstRunning.await(5, TimeUnit.SECONDS)).isTrue();
        queue.submit(job(P0, 1, "k", "waiting"));
        queue.submit(job(P0, 2, "k", "newest"));
        release.countDown();

        assertThat(queue.awaitEmpty(Duration.ofSeconds(10))).isTrue();
        assertThat(endedWith).containsOnlyKeys("running", "waiting", "newest");
        assertThat(endedWith.get("running")).isEqualTo(RAN);
        assertThat(endedWith.get("waiting").kind()).isEqualTo(Stop.Kind.SUPERSEDED);
        assertThat(endedWith.get("newest")).isEqualTo(RAN);
    }

    @Test
    void aRedeliveredCopyOfTheSameBuildDoesNotSupersedeIt() throws InterruptedException {
        BuildQueue queue = new BuildQueue(pool, stoppers, SupersedePolicy.CANCEL_RUNNING, recording(job -> sleep(50)));

        queue.submit(job(P0, 0, "k", "same"));
        queue.submit(job(P0, 1, "k", "same"));

        assertThat(queue.awaitEmpty(Duration.ofSeconds(10))).isTrue();
        assertThat(endedWith.get("same")).isEqualTo(RAN);
    }

    @Test
    void cancelReachesRunningAndWaitingJobsOfThatBuildOnly() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        BuildQueue queue = new BuildQueue(pool, stoppers, SupersedePolicy.OFF, recording(job -> {
            if (job.offset() == 0) {
                running.countDown();
                awaitStop(job);
            }
        }));

        queue.submit(job(P0, 0, "k", "target"));
        queue.submit(job(P0, 1, "other", "bystander"));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(queue.cancel("target", "cancelled on request")).isTrue();
        assertThat(queue.cancel("unknown", "cancelled on request")).isFalse();
        assertThat(queue.awaitEmpty(Duration.ofSeconds(10))).isTrue();
        assertThat(endedWith.get("target")).isEqualTo(Stop.cancelled("cancelled on request"));
        assertThat(endedWith.get("bystander")).isEqualTo(RAN);
    }

    @Test
    void abandoningAPartitionStopsOnlyItsJobsAndWaitsForThem() throws InterruptedException {
        CountDownLatch bothRunning = new CountDownLatch(2);
        BuildQueue queue = new BuildQueue(pool, stoppers, SupersedePolicy.OFF, recording(job -> {
            bothRunning.countDown();
            if (job.partition().equals(P0)) {
                awaitStop(job);
            } else {
                sleep(300);
            }
        }));
        queue.submit(job(P0, 0, "a", "revoked"));
        queue.submit(job(P1, 0, "b", "kept"));
        assertThat(bothRunning.await(5, TimeUnit.SECONDS)).isTrue();

        queue.abandon(List.of(P0), "partition revoked");

        assertThat(queue.awaitEmpty(Duration.ofSeconds(5))).isTrue();
        assertThat(endedWith.get("revoked").abandoned()).isTrue();
        assertThat(endedWith.get("kept")).isEqualTo(RAN);
    }

    @Test
    void abandoningHandsThePartitionBackWhileItsBuildIsStillStopping() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch processGone = new CountDownLatch(1);
        BuildQueue queue = new BuildQueue(pool, stoppers, SupersedePolicy.OFF, recording(job -> {
            // a build whose process takes its time to go (SIGINT, then SIGKILL 2 s later)
            job.onStop(() -> await(processGone));
            running.countDown();
            await(processGone);
        }));
        queue.submit(job(P0, 0, "a", "stopping"));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        queue.abandon(List.of(P0), "partition revoked");

        assertThat(endedWith).as("abandon returned before the build ended").doesNotContainKey("stopping");
        processGone.countDown();
        assertThat(queue.awaitEmpty(Duration.ofSeconds(5))).isTrue();
        assertThat(endedWith.get("stopping").abandoned()).isTrue();
    }

    @Test
    void abandoningWaitsForATerminalEventAlreadyOnItsWaySoTheNextOwnerSeesIt() throws Exception {
        CountDownLatch sending = new CountDownLatch(1);
        CountDownLatch acknowledged = new CountDownLatch(1);
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        BuildQueue queue = new BuildQueue(pool, stoppers, SupersedePolicy.OFF, job -> {
            assertThat(job.claimTerminal()).isTrue();
            sending.countDown();
            await(acknowledged);
            order.add("terminal event acknowledged");
            job.terminalSent();
        });
        queue.submit(job(P0, 0, "a", "ending"));
        assertThat(sending.await(5, TimeUnit.SECONDS)).isTrue();

        Thread revoke = new Thread(() -> {
            queue.abandon(List.of(P0), "partition revoked");
            order.add("partition handed back");
        });
        revoke.start();
        acknowledged.countDown();
        revoke.join(10_000);

        assertThat(order).containsExactly("terminal event acknowledged", "partition handed back");
    }

    @Test
    void anAbandonedJobMayNotPublishItsTerminalEvent() {
        BuildJob job = job(P0, 0, "a", "late");
        job.requestStop(Stop.abandoned("partition revoked"));

        assertThat(job.claimTerminal()).isFalse();
    }

    @Test
    void drainingAbandonsWaitingJobsButLetsTheRunningOneFinish() throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BuildQueue queue = new BuildQueue(pool, stoppers, SupersedePolicy.OFF, recording(job -> {
            if (job.offset() == 0) {
                running.countDown();
                await(release);
            }
        }));
        queue.submit(job(P0, 0, "k", "running"));
        queue.submit(job(P0, 1, "k", "waiting"));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        queue.drain();
        release.countDown();

        assertThat(queue.awaitEmpty(Duration.ofSeconds(5))).isTrue();
        assertThat(endedWith.get("running")).isEqualTo(RAN);
        assertThat(endedWith.get("waiting").abandoned()).isTrue();
    }

    /** Runs {@code body} unless stopped before, then records how the job ended: its stop, or {@link #RAN}. */
    private Consumer<BuildJob> recording(Consumer<BuildJob> body) {
        return job -> {
            if (job.stopped() == null) {
                body.accept(job);
            }
            endedWith.put(job.buildId(), job.stopped() == null ? RAN : job.stopped());
        };
    }

    private static BuildJob job(TopicPartition partition, long offset, String key, String buildId) {
        ImageConfig config = new ImageConfig("app", "registry/app", null, null, null, null, null, null, false, null, null);
        return new BuildJob(partition, offset, key, new BuildRequest(BuildRequest.SCHEMA_VERSION, buildId, "delivery",
                new RepoRef("file:///repo", "repo"), "refs/heads/main", "c-" + buildId, "app", config, "devspace.yaml",
                List.of("t"), "inputs", Instant.EPOCH));
    }

    private static void awaitStop(BuildJob job) {
        try {
            job.awaitStop(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
