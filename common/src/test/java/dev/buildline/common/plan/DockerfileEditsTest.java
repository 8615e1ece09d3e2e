package dev.buildline.common.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given {@code dockerfile-edits/<case>/devspace.yaml} (one image) and its {@code Dockerfile}, when DevSpace's edit for
 * entrypoint, cmd and appendDockerfileInstructions is applied, then the result equals {@code expected.Dockerfile}
 * byte for byte (DevSpace's helper/util.go: addNewEntrypoint, splitDockerfileAtTarget).
 */
class DockerfileEditsTest {

    static Stream<Path> cases() {
        return GoldenFiles.cases("dockerfile-edits").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theEditedDockerfileIsDevSpaces(Path dir) throws IOException {
        ImageConfig image = single(Files.readString(dir.resolve("devspace.yaml")));
        DockerfileEdits.Edit edit = DockerfileEdits.of(image, ContextLayout.of("", ".", "Dockerfile"));

        String edited = DockerfileEdits.apply(Files.readString(dir.resolve("Dockerfile")), edit);

        GoldenFiles.assertMatches(dir.resolve("expected.Dockerfile"), edited);
    }

    @Test
    void anEmptyEntrypointAloneChangesNothing() {
        ImageConfig image = single("version: v2beta1\nimages:\n  app:\n    image: john/app\n    entrypoint: []\n");

        assertThat(image.entrypoint()).isEmpty();
        assertThat(DockerfileEdits.of(image, ContextLayout.of("", ".", "Dockerfile"))).isNull();
    }

    @Test
    void anImageWithoutTheFieldsHasNoEdit() {
        ImageConfig image = single("version: v2beta1\nimages:\n  app:\n    image: john/app\n");

        assertThat(DockerfileEdits.of(image, ContextLayout.of("", ".", "Dockerfile"))).isNull();
    }

    @Test
    void theEditNamesTheDockerfileAsBuildxReadsItFromTheContext() {
        ImageConfig image = single("version: v2beta1\nimages:\n  app:\n    image: john/app\n    cmd: [x]\n");

        assertThat(DockerfileEdits.of(image, ContextLayout.of("", "app", "build/app.Dockerfile")).file())
                .startsWith(".dockerfile.");
        assertThat(DockerfileEdits.of(image, ContextLayout.of("", ".", "build/app.Dockerfile")).file())
                .isEqualTo("build/app.Dockerfile");
    }

    @Test
    void aTargetTheDockerfileDoesNotHaveIsAnError() {
        DockerfileEdits.Edit edit = new DockerfileEdits.Edit("Dockerfile", "dev", "\n\nCMD [\"x\"]\n");

        assertThatThrownBy(() -> DockerfileEdits.apply("FROM busybox AS prod\n", edit))
                .isInstanceOf(DockerfileEdits.StageNotFoundException.class)
                .hasMessage("the Dockerfile has no stage named 'dev' (FROM <image> AS dev), where DevSpace puts the "
                        + "image's entrypoint, cmd and appendDockerfileInstructions for target dev");
    }

    @Test
    void aTargetNamedTwiceIsAnError() {
        DockerfileEdits.Edit edit = new DockerfileEdits.Edit("Dockerfile", "dev", "\n\nCMD [\"x\"]\n");

        assertThatThrownBy(() -> DockerfileEdits.apply("FROM a AS dev\nRUN x\nFROM b AS dev\n", edit))
                .hasMessageStartingWith("the Dockerfile has more than one stage named 'dev'");
    }

    @Test
    void theDockerfileIsEditedByteForByte() {
        byte[] dockerfile = {'F', 'R', 'O', 'M', ' ', 'a', ' ', 'A', 'S', ' ', 'd', 'e', 'v', '\n', '#', (byte) 0xff, '\n',
                'F', 'R', 'O', 'M', ' ', 'b', '\n'};
        DockerfileEdits.Edit edit = new DockerfileEdits.Edit("Dockerfile", "dev", "\nLABEL note=caf\u00e9");

        byte[] edited = DockerfileEdits.apply(dockerfile, edit);

        byte[] expected = new byte[dockerfile.length + 17];
        System.arraycopy(dockerfile, 0, expected, 0, 16);
        System.arraycopy("\nLABEL note=caf\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8), 0, expected, 16, 17);
        System.arraycopy(dockerfile, 16, expected, 33, dockerfile.length - 16);
        assertThat(edited).containsExactly(expected);
    }

    private static ImageConfig single(String yaml) {
        List<ImageConfig> images = List.copyOf(new ConfigParser().parse(yaml).images().values());
        assertThat(images).hasSize(1);
        return images.get(0);
    }
}
