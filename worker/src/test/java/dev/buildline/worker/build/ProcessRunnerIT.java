package dev.buildline.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner with the real docker CLI and dockerd of the build host (builds themselves: BuildRunnerIT). */
class ProcessRunnerIT {

    @Test
    void dockerInfoAnswersThroughTheRunnerWithStdoutAndStderrApart() throws Exception {
        ProcessRunner.Captured info = new ProcessRunner().run(List.of("docker", "info", "--format",
                "{{.ServerVersion}}"), Map.of(), Duration.ofSeconds(60));

        assertThat(info.timedOut()).isFalse();
        assertThat(info.exitCode()).as(info.stderr()).isZero();
        assertThat(info.stdout()).matches("\\d+\\.\\d+\\S*\n");
    }

    @Test
    void aBuildxErrorComesBackWithItsExitCodeAndMessage() throws Exception {
        // an argv element is one argument: the tag with a space and a semicolon reaches buildx whole, unrun
        ProcessRunner.Captured build = new ProcessRunner().run(List.of("docker", "buildx", "build", "--tag",
                "bad tag; touch /tmp/buildline-never", "/nonexistent-context"), Map.of(), Duration.ofSeconds(60));

        assertThat(build.timedOut()).isFalse();
        assertThat(build.exitCode()).isEqualTo(1);
        assertThat(build.stderr()).contains("invalid").contains("bad tag; touch /tmp/buildline-never");
        assertThat(java.nio.file.Path.of("/tmp/buildline-never")).doesNotExist();
    }
}
