package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The readiness probe's {@code docker info} against a daemon that hangs. Process handling is the subject, so the docker
 * CLI is a stand-in script: buildx answers, {@code info} prints a line and hangs with a child holding its stdout.
 */
class BuildHostCheckTest {

    @TempDir
    Path temp;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against the hang itself, not a speed target
    void aHungDaemonIsReportedAtTheTimeoutAndItsCommandKilled() throws Exception {
        Path pid = temp.resolve("child.pid");
        Path docker = temp.resolve("docker");
        Files.writeString(docker, """
                #!/bin/sh
                if [ "$1" = buildx ]; then echo "github.com/docker/buildx 0.20.1"; exit 0; fi
                echo "Client:"
                sleep 600 &
                echo $! > %s
                wait
                """.formatted(pid));
        Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwxr-xr-x"));

        String problem = BuildHostCheck.problem(List.of(docker.toString()), Duration.ofSeconds(1));

        assertThat(problem).startsWith("no Docker daemon answers (" + docker + " info --format {{.ServerVersion}} "
                + "did not answer in 1 s and was killed)");
        long child = Long.parseLong(Files.readString(pid).strip());
        org.awaitility.Awaitility.await("the child holding stdout, killed").atMost(Duration.ofSeconds(20))
                .until(() -> ProcessHandle.of(child).map(handle -> !handle.isAlive()).orElse(true));
    }
}
