package dev.buildline.common.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuilderProfilesTest {

    @Test
    void profilesAreReadByNameRootlessUnlessTheySayOtherwise() {
        var profiles = BuilderProfiles.parse("""
                shared-rootless:
                  namespace: buildkit
                  image: moby/buildkit:v0.13.1-rootless
                  nodeSelector: pool=builders
                  createArgs: ["--driver-opt=requests.cpu=1"]
                  replicas: 2
                privileged:
                  namespace: buildkit
                  rootless: false
                """, "builders.yaml");
        assertThat(profiles).containsOnlyKeys("shared-rootless", "privileged");
        assertThat(profiles.get("shared-rootless")).isEqualTo(new BuilderProfile("shared-rootless", "buildkit",
                "moby/buildkit:v0.13.1-rootless", true, "pool=builders", List.of("--driver-opt=requests.cpu=1"), 2));
        assertThat(profiles.get("privileged").rootless()).isFalse();
        assertThat(BuilderProfiles.parse("", "builders.yaml")).isEmpty();
    }

    @Test
    void aProfileThatCannotBeUsedNamesItsField() {
        assertThatThrownBy(() -> BuilderProfiles.parse("b:\n  image: x\n", "builders.yaml"))
                .hasMessage("builders.yaml: b.namespace: is required (an existing namespace)");
        assertThatThrownBy(() -> BuilderProfiles.parse("b:\n  namespace: n\n  privileged: true\n", "builders.yaml"))
                .hasMessageStartingWith("builders.yaml: b.privileged: unknown field");
        assertThatThrownBy(() -> BuilderProfiles.parse("B_1:\n  namespace: n\n", "builders.yaml"))
                .hasMessageStartingWith("builders.yaml: B_1: a builder name is a DNS label");
        assertThatThrownBy(() -> BuilderProfiles.parse("b:\n  namespace: n\n  replicas: 0\n", "builders.yaml"))
                .hasMessage("builders.yaml: b.replicas: expected a number from 1 to 999");
        assertThatThrownBy(() -> BuilderProfiles.parse("b:\n  namespace: n\n  rootless: yes please\n", "builders.yaml"))
                .hasMessage("builders.yaml: b.rootless: expected true or false");
        assertThatThrownBy(() -> BuilderProfiles.parse("- b\n", "builders.yaml"))
                .hasMessageStartingWith("builders.yaml: expected a mapping of builder names to profiles");
    }
}
