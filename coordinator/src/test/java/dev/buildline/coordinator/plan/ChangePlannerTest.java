package dev.buildline.coordinator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.DevspaceConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChangePlannerTest {

    private final ConfigParser parser = new ConfigParser();

    @Test
    void aPushTouchingTwoOfTenContextsBuildsThoseTwo() {
        DevspaceConfig config = monorepo(10);

        List<ImageChange> changes = ChangePlanner.plan(config, config,
                Set.of("services/s3/main.go", "services/s7/lib/util.go", "README.md", "docs/index.md"), "");

        assertThat(changes).extracting(change -> change.image().name()).containsExactly("s3", "s7");
        assertThat(changes).extracting(ImageChange::reason).containsOnly(ChangeReason.CONTEXT_CHANGED);
    }

    @Test
    void aChangedDockerfileOutsideTheContextCounts() {
        DevspaceConfig config = parser.parse("""
                version: v2beta1
                images:
                  api:
                    image: acme/api
                    context: ./api
                    dockerfile: ./docker/api.Dockerfile
                  web:
                    image: acme/web
                    context: ./web
                    dockerfile: ./web/Dockerfile
                """);

        List<ImageChange> changes = ChangePlanner.plan(config, config, Set.of("docker/api.Dockerfile"), "");

        assertThat(changes).extracting(change -> change.image().name()).containsExactly("api");
    }

    @Test
    void configChangeTouchingOneOfThreeImages() {
        DevspaceConfig before = monorepo(3);
        DevspaceConfig after = parser.parse("""
                version: v2beta1
                images:
                  s0:
                    image: acme/s0
                    context: ./services/s0
                    dockerfile: ./services/s0/Dockerfile
                  s1:
                    image: acme/s1
                    context: ./services/s1
                    dockerfile: ./services/s1/Dockerfile
                    buildArgs:
                      VERSION: "2"
                  s2:
                    image: acme/s2
                    context: ./services/s2
                    dockerfile: ./services/s2/Dockerfile
                """);

        List<ImageChange> changes = ChangePlanner.plan(before, after, Set.of(), "");

        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.image().name()).isEqualTo("s1");
            assertThat(change.reason()).isEqualTo(ChangeReason.CONFIG_CHANGED);
        });
    }

    @Test
    void aNewImageIsBuiltEvenWithoutChangedFiles() {
        DevspaceConfig before = monorepo(2);
        DevspaceConfig after = monorepo(3);

        List<ImageChange> changes = ChangePlanner.plan(before, after, Set.of(), "");

        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.image().name()).isEqualTo("s2");
            assertThat(change.reason()).isEqualTo(ChangeReason.NEW_IMAGE);
        });
    }

    @Test
    void unknownChangesMakeEveryImageACandidate() {
        DevspaceConfig config = monorepo(4);

        assertThat(ChangePlanner.plan(config, config, null, "")).hasSize(4)
                .extracting(ImageChange::reason).containsOnly(ChangeReason.CHANGES_UNKNOWN);
        assertThat(ChangePlanner.plan(null, config, Set.of("x"), "")).hasSize(4);
    }

    @Test
    void pathsAreRelativeToTheDirectoryOfDevspaceYaml() {
        DevspaceConfig config = monorepo(2);

        List<ImageChange> changes = ChangePlanner.plan(config, config, Set.of("deploy/services/s1/main.go",
                "services/s0/main.go"), "deploy");

        assertThat(changes).extracting(change -> change.image().name()).containsExactly("s1");
    }

    private DevspaceConfig monorepo(int images) {
        StringBuilder yaml = new StringBuilder("version: v2beta1\nimages:\n");
        for (int i = 0; i < images; i++) {
            yaml.append("  s").append(i).append(":\n")
                    .append("    image: acme/s").append(i).append('\n')
                    .append("    context: ./services/s").append(i).append('\n')
                    .append("    dockerfile: ./services/s").append(i).append("/Dockerfile\n");
        }
        return parser.parse(yaml.toString());
    }
}
