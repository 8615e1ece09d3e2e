package dev.buildline.worker.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.mask.Masker;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.RepoRef;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What users read of a build (its log, its events' error and command) shows no value of its repository's settings. */
class MaskedOutputTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Masker MASKER = Masker.of(List.of("npm-token-value", "registry-password"));

    @Test
    void logLinesAndTheTailAreMasked() {
        RecordingPublisher publisher = new RecordingPublisher();
        BuildLog log = new BuildLog(publisher, "b1", 1, 100, CLOCK, MASKER);

        log.line("#5 RUN echo npm-token-value");
        log.line("x".repeat(10) + "registry-pass [buildline: line cut at 23 characters, 9 more dropped]");
        log.flush();

        List<String> published = publisher.logLines();
        assertThat(published).containsExactly("#5 RUN echo ***",
                "xxxxxxxxxx*** [buildline: line cut at 23 characters, 9 more dropped]");
        assertThat(log.tail()).isEqualTo(published);
    }

    @Test
    void anEventsErrorAndCommandAreMasked() {
        BuildEvents events = new BuildEvents("w1", CLOCK, request -> MASKER);
        BuildRequest request = new BuildRequest(BuildRequest.SCHEMA_VERSION, "b1", "d1",
                new RepoRef("file:///repo", "it/repo"), "refs/heads/main", "0".repeat(40), "app",
                new ImageConfig("app", "registry/app", null, null, null, null, null, null, false, null, null),
                "devspace.yaml", List.of("registry/app:v1"), null, Instant.EPOCH);

        BuildEvent event = events.of(request, 1, BuildStatus.FAILED, null, null, CLOCK.instant(), null,
                "buildx exited with code 1\nnpm ERR! 401 for npm-token-value",
                List.of("docker", "buildx", "build", "--build-arg", "TOKEN=npm-token-value", "-"));

        assertThat(event.error()).isEqualTo("buildx exited with code 1\nnpm ERR! 401 for ***");
        assertThat(event.command()).containsExactly("docker", "buildx", "build", "--build-arg", "TOKEN=***", "-");
    }
}
