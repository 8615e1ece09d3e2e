package dev.buildline.worker.incluster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.common.config.InClusterConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuilderSpecTest {

    @Test
    void everyDefiningOptionChangesTheHash() {
        String base = hash(config(false, null, null, List.of()));

        assertThat(List.of(
                hash(config(true, null, null, List.of())),
                hash(config(false, "moby/buildkit:v0.23.2", null, List.of())),
                hash(config(false, null, "pool=builders", List.of())),
                hash(config(false, null, null, List.of("--driver-opt", "replicas=2"))),
                BuilderSpec.of("backend", "devspace-team", "other", config(false, null, null, List.of())).hash(),
                BuilderSpec.of("backend", "shared", "team", config(false, null, null, List.of())).hash()))
                .doesNotContain(base)
                .doesNotHaveDuplicates();
    }

    @Test
    void policyAndEquivalentSpellingsKeepTheHash() {
        String base = hash(config(false, null, "a=1,b=2", List.of()));

        assertThat(hash(config(false, null, "b=2, a=1", List.of()))).isEqualTo(base);
        assertThat(hash(config(false, BuilderSpec.DEFAULT_IMAGE, "a=1,b=2", List.of()))).isEqualTo(base);
        assertThat(BuilderSpec.of("backend", "devspace-team", "team",
                new InClusterConfig(null, null, false, null, "a=1,b=2", true, true, true, List.of())).hash()).isEqualTo(base);
    }

    @Test
    void createArgsAreNotMergedAcrossBoundaries() {
        assertThat(hash(config(false, null, null, List.of("--driver-opt", "replicas=2"))))
                .isNotEqualTo(hash(config(false, null, null, List.of("--driver-opt replicas=2"))));
    }

    @Test
    void rootlessUsesTheRootlessImageUnlessOneIsGiven() {
        assertThat(BuilderSpec.of("backend", "b", "team", config(true, null, null, List.of())).buildkitImage())
                .isEqualTo("moby/buildkit:buildx-stable-1-rootless");
        assertThat(BuilderSpec.of("backend", "b", "team", config(true, "my/buildkit:rootless", null, List.of())).buildkitImage())
                .isEqualTo("my/buildkit:rootless");
    }

    @Test
    void malformedNodeSelectorNamesItsYamlPath() {
        assertThatThrownBy(() -> BuilderSpec.of("backend", "b", "team", config(false, null, "pool=builders,gpu", List.of())))
                .isInstanceOf(InvalidBuilderOptionException.class)
                .hasMessage("images.backend.buildKit.inCluster.nodeSelector: \"gpu\" is not key=value"
                        + " (expected k=v[,k=v], e.g. kubernetes.io/arch=amd64)");
    }

    @Test
    void malformedReplicasInCreateArgsNamesItsYamlPath() {
        assertThatThrownBy(() -> BuilderSpec.of("backend", "b", "team",
                config(false, null, null, List.of("--driver-opt=replicas=zero"))))
                .hasMessage("images.backend.buildKit.inCluster.createArgs: --driver-opt replicas=zero is not a positive number");
    }

    private static String hash(InClusterConfig config) {
        return BuilderSpec.of("backend", "devspace-team", "team", config).hash();
    }

    private static InClusterConfig config(boolean rootless, String image, String nodeSelector, List<String> createArgs) {
        return new InClusterConfig(null, null, rootless, image, nodeSelector, false, false, false, createArgs);
    }
}
