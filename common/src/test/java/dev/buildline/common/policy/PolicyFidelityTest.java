package dev.buildline.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InvalidConfigException;
import dev.buildline.common.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fidelity: the policy never changes what it allows. For every golden plan case (DevSpace's own examples, the
 * seed's, Buildline's), an image allowed by the grants its file needs is built with the very config it was loaded to,
 * so its argv is DevSpace's; and the seed's examples that use {@code command} or {@code args} build when granted.
 */
class PolicyFidelityTest {

    static Stream<Path> cases() {
        return GoldenFiles.cases("plan").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void anAllowedImageIsBuiltAsLoaded(Path dir) throws IOException {
        DevspaceConfig config;
        try {
            config = new ConfigParser().parse(Files.readString(dir.resolve("devspace.yaml")), "");
        } catch (InvalidConfigException e) {
            return; // refused before any policy: nothing to build
        }
        for (ImageConfig image : config.images().values()) {
            if (image.inCluster()) {
                continue; // built with the operator's profile instead: aGrantedBuilderIsBuiltWithTheProfilesValues
            }
            RepositoryGrants everything = new RepositoryGrants(List.of("*"), null, new RepositoryGrants.Allow(
                    List.of(image.buildKit().command()),
                    BuildxFlags.all().stream().map(BuildxFlags.Flag::spelled)
                            .filter(flag -> !BuildxFlags.OWN_GRANT.containsKey(flag)).toList(),
                    image.network() == null ? List.of() : List.of(image.network()), Map.of(), List.of()));
            PolicyDecision decision = BuildPolicy.check(image.name(), image, everything, Map.of());
            if (decision instanceof PolicyDecision.Allowed allowed) {
                assertThat(allowed.config()).as(image.name()).isSameAs(image);
            } else {
                assertThat(((PolicyDecision.Refused) decision).refusals()).as(image.name())
                        .allSatisfy(refusal -> assertThat(refusal.grantedBy()).isNull());
            }
        }
    }

    @Test
    void theSeedsCommandExampleBuildsWhenItsCommandIsGranted() throws IOException {
        ImageConfig backend = seed("seed-command");
        RepositoryGrants images = new RepositoryGrants(List.of("john/"), null, null);
        assertThat(BuildPolicy.check("backend", backend, images, Map.of())).isEqualTo(new PolicyDecision.Refused(
                List.of(new Refusal("images.backend.buildKit.command", "a command other than docker buildx (1 items)",
                        "allow.commands"))));
        RepositoryGrants granted = new RepositoryGrants(List.of("john/"), null, new RepositoryGrants.Allow(
                List.of(List.of("/path/to/my/buildx")), null, null, null, null));
        assertThat(BuildPolicy.check("backend", backend, granted, Map.of()))
                .isEqualTo(new PolicyDecision.Allowed(backend));
    }

    @Test
    void theSeedsCacheToExampleBuildsUnderItsOwnPrefixes() throws IOException {
        ImageConfig backend = seed("seed-cache-to");
        RepositoryGrants johnOnly = new RepositoryGrants(List.of("john/"), null, null);
        assertThat(BuildPolicy.check("backend", backend, johnOnly, Map.of()))
                .isInstanceOf(PolicyDecision.Refused.class);
        RepositoryGrants withCache = new RepositoryGrants(List.of("john/", "user/app:"), null, null);
        assertThat(BuildPolicy.check("backend", backend, withCache, Map.of()))
                .isEqualTo(new PolicyDecision.Allowed(backend));
    }

    private static ImageConfig seed(String name) throws IOException {
        Path dir = cases().filter(path -> path.getFileName().toString().equals(name)).findFirst().orElseThrow();
        return new ConfigParser().parse(Files.readString(dir.resolve("devspace.yaml")), "").images().get("backend");
    }
}
