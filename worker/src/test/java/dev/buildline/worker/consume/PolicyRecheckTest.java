package dev.buildline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.config.BuildKitConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InClusterConfig;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.common.policy.RepositoryGrants;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The worker re-applies the build policy to a signed request's config and grants: a request a coordinator should not
 * have signed (an older policy, a leaked key) still runs no command, flag or network the grants do not allow.
 */
class PolicyRecheckTest {

    private static final RepositoryGrants SHOP = new RepositoryGrants(List.of("registry.example.com/acme/shop/"), null,
            RepositoryGrants.Allow.NONE);
    private static final RepositoryGrants SHOP_WITH_SSH = new RepositoryGrants(
            List.of("registry.example.com/acme/shop/"), null,
            new RepositoryGrants.Allow(List.of(), List.of("--ssh"), List.of(), Map.of(), List.of()));

    private static BuildRequest request(String image, List<String> command, List<String> args, String network,
                                        InClusterConfig inCluster, RepositoryGrants grants) {
        ImageConfig config = new ImageConfig("app", image, null, null, null, null, null, network, false, null,
                new BuildKitConfig(command, args, null, inCluster));
        return new BuildRequest(BuildRequest.SCHEMA_VERSION, "b1", "d1",
                new RepoRef("https://github.com/acme/shop", "acme/shop"), "refs/heads/main", "0".repeat(40), "app",
                config, "devspace.yaml", List.of(image + ":v1"), null, Instant.EPOCH, grants, null);
    }

    static Stream<Arguments> requests() {
        String shop = "registry.example.com/acme/shop/app";
        InClusterConfig profile = new InClusterConfig("shared", "buildkit", true, "moby/buildkit:rootless", null,
                false, false, false, List.of("--driver-opt=replicas=2"));
        return Stream.of(
                Arguments.of("a plain build", request(shop, null, List.of("--label", "a=b"), null, null, SHOP), null),
                Arguments.of("a shell as command", request(shop, List.of("sh", "-c", "env"), null, null, null, SHOP),
                        "images.app.buildKit.command: a command other than docker buildx (3 items) is not allowed"),
                Arguments.of("--output to the worker's disk",
                        request(shop, null, List.of("--output=type=local,dest=/tmp/x"), null, null, SHOP),
                        "images.app.buildKit.args[0]"),
                Arguments.of("network host", request(shop, null, null, "host", null, SHOP), "images.app.network"),
                Arguments.of("another team's image",
                        request("registry.example.com/acme/other/app", null, null, null, null, SHOP), "images.app.image"),
                Arguments.of("a granted flag", request(shop, null, List.of("--ssh", "default"), null, null,
                        SHOP_WITH_SSH), null),
                Arguments.of("the same flag, not granted", request(shop, null, List.of("--ssh", "default"), null, null,
                        SHOP), "images.app.buildKit.args[0]"),
                Arguments.of("a request without grants: command, flags and network as a plain build has them",
                        request("registry.example.com/anyone/app", null, List.of("--label", "a=b"), "none", null,
                                null), null),
                Arguments.of("a request without grants is no grant",
                        request(shop, null, List.of("--output=type=local,dest=/tmp/x"), null, null, null),
                        "images.app.buildKit.args[0]"),
                Arguments.of("the operator's profile, resolved by the coordinator",
                        request(shop, null, null, null, profile, SHOP), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void aSignedRequestStillGetsOnlyWhatItsGrantsAllow(String name, BuildRequest request, String refusal) {
        Optional<String> answer = new PolicyRecheck().refusal(request);

        if (refusal == null) {
            assertThat(answer).isEmpty();
        } else {
            assertThat(answer).hasValueSatisfying(reason -> assertThat(reason)
                    .startsWith("the build policy refuses this request: ").contains(refusal));
        }
    }
}
