package dev.buildline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code minikube docker-env} that hangs or leaves a child holding its stdout. Process handling is the subject, so
 * minikube is a stand-in script printing what minikube prints with {@code --shell none}.
 */
class MinikubeDockerEnvTest {

    @TempDir
    Path temp;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against the hang itself, not a speed target
    void aMinikubeThatHangsHoldingItsStdoutFailsAtTheTimeout() throws Exception {
        Path minikube = script("""
                #!/bin/sh
                echo DOCKER_HOST=tcp://192.168.49.2:2376
                sleep 600
                """);

        assertThatThrownBy(() -> new MinikubeDockerEnv(minikube.toString(), Duration.ofSeconds(1)).forProfile("minikube"))
                .hasMessage("'" + minikube + " docker-env --shell none --profile minikube' failed: did not finish "
                        + "within 1 s and was killed; set buildKit.preferMinikube: false to build with the local "
                        + "Docker daemon");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aMinikubeThatExitsWhileAChildHoldsItsStdoutStillGivesItsEnvironment() throws Exception {
        Path minikube = script("""
                #!/bin/sh
                echo DOCKER_TLS_VERIFY=1
                echo DOCKER_HOST=tcp://192.168.49.2:2376
                sleep 600 &
                exit 0
                """);

        Map<String, String> env = new MinikubeDockerEnv(minikube.toString(), Duration.ofSeconds(20))
                .forProfile("minikube");

        assertThat(env).containsExactly(Map.entry("DOCKER_TLS_VERIFY", "1"),
                Map.entry("DOCKER_HOST", "tcp://192.168.49.2:2376"));
    }

    private Path script(String text) throws Exception {
        Path script = temp.resolve("minikube");
        Files.writeString(script, text);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
