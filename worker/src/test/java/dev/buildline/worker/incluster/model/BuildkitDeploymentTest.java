package dev.buildline.worker.incluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.buildline.common.config.InClusterConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden files: {@code BuildkitDeploymentTest/<case>/in-builder.yaml} (the image key, the resolved builder name and
 * namespace, and the {@code inCluster} block as written in devspace.yaml) gives {@code out-deployment.yaml}.
 * Run with {@code -Dgolden.update=true} to rewrite the expected files after a deliberate change, then review the diff.
 */
class BuildkitDeploymentTest {

    private static final Path CASES = Path.of("src/test/resources/BuildkitDeploymentTest");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record GoldenInput(String image, String name, String namespace, InClusterConfig inCluster) {
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", "rootless", "custom-image", "node-selector", "create-args"})
    void desiredDeploymentMatchesGoldenFile(String caseName) throws IOException {
        // Given
        Path dir = CASES.resolve(caseName);
        GoldenInput input = YAML.readValue(dir.resolve("in-builder.yaml").toFile(), GoldenInput.class);
        BuilderSpec spec = BuilderSpec.of(input.image(), input.name(), input.namespace(), input.inCluster());

        // When
        String actual = Serialization.asYaml(BuildkitDeployment.desired(spec));

        // Then
        Path expectedFile = dir.resolve("out-deployment.yaml");
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        }
        Deployment expected = Serialization.unmarshal(Files.readString(expectedFile, StandardCharsets.UTF_8), Deployment.class);
        assertThat(actual).isEqualTo(Serialization.asYaml(expected));
    }
}
