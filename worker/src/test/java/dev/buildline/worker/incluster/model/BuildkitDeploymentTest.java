package dev.buildline.worker.incluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.buildline.common.config.InClusterConfig;
import dev.buildline.common.testing.GoldenFiles;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: every folder {@code BuildkitDeploymentTest/<case>/} is a case (a new case is a new folder): its
 * {@code in-builder.yaml} (the image key, the resolved builder name and namespace, and the {@code inCluster} block as
 * written in devspace.yaml) gives {@code out-deployment.yaml}, byte for byte. A mismatch shows a diff and writes the
 * actual output under target/golden-actual; a file in a case folder that this test does not read fails it, so a
 * misnamed input is never silently skipped.
 */
class BuildkitDeploymentTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String INPUT = "in-builder.yaml";
    private static final String EXPECTED = "out-deployment.yaml";

    record GoldenInput(String image, String name, String namespace, InClusterConfig inCluster) {
    }

    static Stream<Path> cases() {
        return GoldenFiles.cases("BuildkitDeploymentTest").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void desiredDeploymentMatchesGoldenFile(Path dir) throws IOException {
        // Given
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString()).toList())
                    .as("the files of case %s", dir.getFileName()).containsExactlyInAnyOrderElementsOf(
                            List.of(INPUT, EXPECTED));
        }
        GoldenInput input = YAML.readValue(dir.resolve(INPUT).toFile(), GoldenInput.class);
        BuilderSpec spec = BuilderSpec.of(input.image(), input.name(), input.namespace(), input.inCluster());

        // When
        String actual = Serialization.asYaml(BuildkitDeployment.desired(spec));

        // Then
        GoldenFiles.assertMatches(dir.resolve(EXPECTED), actual);
    }
}
