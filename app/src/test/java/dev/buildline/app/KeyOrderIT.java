package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Topics;
import dev.buildline.worker.WorkerSettings;
import dev.buildline.worker.consume.SupersedePolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ordering and parallelism of the worker on a real broker. The subject is how records are claimed, ordered and
 * committed, so the build command is a stand-in script (buildKit.command) that reads the context and takes a second;
 * real builds are proven by the other ITs.
 */
class KeyOrderIT {

    private static final String GROUP = "key-order-workers";

    @TempDir
    static Path temp;
    private static WorkerStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = WorkerStack.start(temp, bootstrap -> WorkerSettings.defaults(bootstrap, Topics.defaults(), GROUP,
                "order-worker", 3, temp.resolve("worker")).withSupersedePolicy(SupersedePolicy.OFF));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twentyRequestsOverFiveKeysRunInParallelAcrossKeysAndInOrderWithinEach() throws Exception {
        Path script = temp.resolve("slow-build.sh");
        Files.writeString(script, "#!/bin/sh\ncat >/dev/null\necho \"stand-in build $*\"\nsleep 1\necho done\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String commit = stack.repo().commit("app", Map.of("Dockerfile", "FROM scratch\n"));
        Map<String, List<BuildRequest>> byKey = new LinkedHashMap<>();
        List<BuildRequest> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ImageConfig image = Requests.image("img" + i % 5, "registry.invalid/img" + i % 5 + "-v" + i, null, null,
                    true, List.of(script.toString()));
            BuildRequest request = Requests.request(stack.repo().url(), commit, image, "t" + i);
            byKey.computeIfAbsent(request.key(), k -> new ArrayList<>()).add(request);
            all.add(request);
        }

        stack.requests().send(all.toArray(BuildRequest[]::new));

        List<BuildEvent> done = new ArrayList<>();
        for (BuildRequest request : all) {
            done.add(stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(3)));
        }
        assertThat(done).extracting(BuildEvent::status).containsOnly(BuildStatus.SUCCEEDED);
        assertThat(byKey).hasSize(5).allSatisfy((key, inOrder) -> {
            for (int i = 1; i < inOrder.size(); i++) {
                BuildEvent before = stack.events().terminals(inOrder.get(i - 1).buildId()).get(0);
                BuildEvent after = stack.events().terminals(inOrder.get(i).buildId()).get(0);
                assertThat(after.startedAt()).as(key + " #" + i).isAfterOrEqualTo(before.finishedAt());
            }
        });
        assertThat(maxOverlap(done)).as("builds of different keys running at once").isGreaterThan(1);
        for (BuildRequest request : all) {
            assertThat(stack.events().terminals(request.buildId())).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.requests().allCommitted(GROUP));
    }

    @Test
    void everyEventCarriesCloudEventsHeadersMatchingItsStatusAndTime() throws Exception {
        Path script = temp.resolve("quick-build.sh");
        Files.writeString(script, "#!/bin/sh\ncat >/dev/null\necho built\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        String commit = stack.repo().commit("ce", Map.of("Dockerfile", "FROM scratch\n# ce\n"));
        BuildRequest request = Requests.request(stack.repo().url(), commit, Requests.image("ce", "registry.invalid/ce", null,
                null, true, List.of(script.toString())), "t");

        stack.requests().send(request);

        stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(2));
        List<EventLog.Seen> seen = stack.events().all().stream()
                .filter(s -> s.event().buildId().equals(request.buildId())).toList();
        assertThat(seen).extracting(s -> s.event().status()).containsExactly(BuildStatus.RUNNING, BuildStatus.SUCCEEDED);
        for (EventLog.Seen one : seen) {
            assertThat(one.headers()).containsEntry("ce_specversion", "1.0")
                    .containsEntry("ce_type", "dev.buildline.build." + one.event().status().wireName())
                    .containsEntry("ce_id", one.event().eventId())
                    .containsEntry("ce_source", "/buildline/worker/order-worker")
                    .containsEntry("ce_subject", request.buildId())
                    .containsEntry("content-type", "application/json");
            assertThat(Instant.parse(one.headers().get("ce_time"))).isEqualTo(one.event().time());
        }
    }

    private static int maxOverlap(List<BuildEvent> done) {
        int max = 0;
        for (BuildEvent one : done) {
            int overlapping = (int) done.stream().filter(other -> other.startedAt().isBefore(one.finishedAt())
                    && one.startedAt().isBefore(other.finishedAt())).count();
            max = Math.max(max, overlapping);
        }
        return max;
    }
}
