package dev.buildline.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureClassifierTest {

    @Test
    void unreachableRegistryIsTransient() {
        assertThat(FailureClassifier.isTransient(1, List.of("#5 pushing 127.0.0.1:5999/x/y:t1 with docker",
                "ERROR: Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused")))
                .isTrue();
    }

    @Test
    void registryServerErrorAndMissingDaemonAreTransient() {
        assertThat(FailureClassifier.isTransient(1, List.of("ERROR: failed to push: unexpected status: 503 Service Unavailable")))
                .isTrue();
        assertThat(FailureClassifier.isTransient(1, List.of(
                "ERROR: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?")))
                .isTrue();
    }

    @Test
    void buildxKilledBySignalIsTransient() {
        assertThat(FailureClassifier.isTransient(137, List.of("#4 [2/2] RUN make"))).isTrue();
    }

    @Test
    void dockerfileErrorsAreNotRetriedEvenNextToATransientLine() {
        assertThat(FailureClassifier.isTransient(1, List.of(
                "ERROR: failed to solve: process \"/bin/sh -c exit 3\" did not complete successfully: exit code: 3")))
                .isFalse();
        assertThat(FailureClassifier.isTransient(1, List.of("connection refused while fetching",
                "ERROR: failed to solve: dockerfile parse error on line 2: unknown instruction: RUNN")))
                .isFalse();
    }

    /** Real buildx output (resources/buildx-failures/README.md says how each was made): what a retry can change. */
    @ParameterizedTest(name = "{0} (exit {1}) transient: {2}")
    @CsvSource({
            "unknown-builder.txt, 1, false",
            "unknown-flag.txt, 125, false",
            "missing-stage.txt, 1, false",
            "missing-dockerfile.txt, 1, false",
            "registry-unreachable.txt, 1, true",
            "daemon-unreachable.txt, 1, true"})
    void configurationErrorsAreFinalAndOutagesAreRetried(String fixture, int exit, boolean retried) throws IOException {
        assertThat(FailureClassifier.isTransient(exit, realOutput(fixture))).isEqualTo(retried);
    }

    @Test
    void aCommandLineTheDockerCliRefusedIsFinalWhateverItSaid() {
        assertThat(FailureClassifier.isTransient(125, List.of("ERROR: something else went wrong"))).isFalse();
    }

    private static List<String> realOutput(String fixture) throws IOException {
        try (InputStream in = FailureClassifierTest.class.getResourceAsStream("/buildx-failures/" + fixture)) {
            assertThat(in).as(fixture).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void anUnrecognisedFailureIsNotRetried() {
        assertThat(FailureClassifier.isTransient(1, List.of("ERROR: something else went wrong"))).isFalse();
    }

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        Backoff backoff = new Backoff(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(10));
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");

        for (int i = 0; i < 50; i++) {
            assertThat(backoff.delayMillis(1, random)).isBetween(1000L, 2000L);
            assertThat(backoff.delayMillis(2, random)).isBetween(2000L, 4000L);
            assertThat(backoff.delayMillis(3, random)).isBetween(4000L, 8000L);
            assertThat(backoff.delayMillis(9, random)).isBetween(5000L, 10000L);
        }
    }
}
