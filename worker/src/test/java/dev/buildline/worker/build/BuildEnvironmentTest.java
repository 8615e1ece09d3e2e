package dev.buildline.worker.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A repository names a secret by id; its value comes only from where the operator's grant says. */
class BuildEnvironmentTest {

    private static final Function<String, String> WORKER = Map.of("ACME_NPM_TOKEN", "npm-token-value",
            "HOME", "/home/buildline")::get;
    private static final BuildEnvironment GRANTED = BuildEnvironment.of(
            Optional.of(Path.of("/etc/buildline/registries/acme")),
            Map.of("npm", new BuildEnvironment.FromEnv("ACME_NPM_TOKEN"),
                    "cert", new BuildEnvironment.FromFile(Path.of("/etc/buildline/secrets/acme-cert"))));

    static Stream<Arguments> argv() {
        return Stream.of(
                Arguments.of(List.of("build", "--secret", "id=npm", "-"),
                        List.of("build", "--secret", "id=npm,env=ACME_NPM_TOKEN", "-")),
                Arguments.of(List.of("build", "--secret=id=npm,src=/etc/shadow", "-"),
                        List.of("build", "--secret=id=npm,env=ACME_NPM_TOKEN", "-")),
                Arguments.of(List.of("build", "--secret", "type=env,id=npm,env=BUILDLINE_GIT_TOKEN", "-"),
                        List.of("build", "--secret", "id=npm,env=ACME_NPM_TOKEN", "-")),
                Arguments.of(List.of("build", "--secret", "id=cert,src=/root/.ssh/id_rsa", "-"),
                        List.of("build", "--secret", "id=cert,src=/etc/buildline/secrets/acme-cert", "-")),
                Arguments.of(List.of("build", "--tag", "x:1", "-"), List.of("build", "--tag", "x:1", "-")));
    }

    @ParameterizedTest
    @MethodSource
    void argv(List<String> asked, List<String> run) throws Exception {
        BuildEnvironment.Resolved resolved = GRANTED.resolve(asked, WORKER);

        assertThat(resolved.argv()).isEqualTo(run);
    }

    @Test
    void theRepositorysCredentialsAndAGrantedVariableAreInBuildxsEnvironmentOnly() throws Exception {
        BuildEnvironment.Resolved resolved = GRANTED.resolve(List.of("build", "--secret", "id=npm", "-"), WORKER);

        assertThat(resolved.env()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "DOCKER_CONFIG", "/etc/buildline/registries/acme", "ACME_NPM_TOKEN", "npm-token-value",
                "BUILDX_CONFIG", "/home/buildline/.docker/buildx"));
        assertThat(GRANTED.resolve(List.of("build", "-"), Map.of("BUILDX_CONFIG", "/var/lib/buildx")::get).env())
                .as("buildx's own state directory, when the worker sets one, is left to the worker's environment")
                .containsExactlyEntriesOf(Map.of("DOCKER_CONFIG", "/etc/buildline/registries/acme"));
        assertThat(GRANTED.resolve(List.of("build", "-"), Map.of("DOCKER_CONFIG", "/etc/buildline/docker")::get)
                .env()).containsEntry("BUILDX_CONFIG", "/etc/buildline/docker/buildx");
        assertThat(BuildEnvironment.NONE.resolve(List.of("build", "-"), WORKER).env()).isEmpty();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(GRANTED, List.of("--secret", "id=aws"), "--secret id=aws is not granted"),
                Arguments.of(BuildEnvironment.NONE, List.of("--secret=id=npm"), "--secret id=npm is not granted"),
                Arguments.of(GRANTED, List.of("--secret", "src=/etc/passwd"), "--secret without id="),
                Arguments.of(BuildEnvironment.of(Optional.empty(), Map.of("gh",
                        new BuildEnvironment.FromEnv("ACME_GH_TOKEN"))), List.of("--secret", "id=gh"),
                        "secret gh: the worker has no variable ACME_GH_TOKEN"));
    }

    @ParameterizedTest
    @MethodSource
    void refused(BuildEnvironment environment, List<String> argv, String problem) {
        assertThatThrownBy(() -> environment.resolve(argv, WORKER))
                .isInstanceOf(InvalidBuildException.class)
                .hasMessageContaining(problem)
                .hasMessageNotContaining("npm-token-value");
    }
}
