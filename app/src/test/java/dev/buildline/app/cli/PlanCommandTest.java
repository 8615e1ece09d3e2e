package dev.buildline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.plan.ImagePlans.MinikubeEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {

    private static final String KUBECONFIG = """
            current-context: minikube
            clusters:
            - name: minikube
              cluster: {server: "https://192.168.49.2:8443"}
            contexts:
            - name: minikube
              context: {cluster: minikube, namespace: dev}
            - name: prod
              context: {cluster: prod, namespace: team-a}
            """;

    @TempDir
    Path repo;
    @TempDir
    Path home;
    private final List<String> minikubeProfiles = new ArrayList<>();
    private MinikubeEnv minikube = profile -> {
        minikubeProfiles.add(profile);
        return Map.of("DOCKER_HOST", "tcp://192.168.49.2:2376");
    };

    @BeforeEach
    void gitRepository() throws IOException {
        Files.createDirectories(repo.resolve(".git"));
    }

    private CliRun plan(Map<String, String> env, String... args) {
        return CliRun.of((out, err) -> PlanCommand.run(List.of(args), out, err, env, home, minikube, new Random(7)));
    }

    private Path devspaceYaml(String relative, String text) throws IOException {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void theSeedsCacheToExampleWithAGivenTag() throws IOException {
        Path file = devspaceYaml("devspace.yaml", """
                version: v2beta1
                images:
                  backend:
                    image: john/appbackend
                    buildKit:
                      args: ["--cache-to", "user/app:cache"]
                """);

        CliRun run = plan(Map.of(), "-f", file.toString(), "--tag", "DRLzYNS");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("{\"image\":\"backend\",\"mode\":\"local\",\"argv\":[\"docker\",\"buildx\","
                + "\"build\",\"--tag\",\"john/appbackend:DRLzYNS\",\"--push\",\"--file\",\"Dockerfile\",\"--cache-to\","
                + "\"user/app:cache\",\"-\"],\"createArgv\":null,\"env\":{}}\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void withSettingsThePlanIsACoordinatorsDecision() throws IOException {
        Path file = devspaceYaml("devspace.yaml", """
                version: v2beta1
                images:
                  backend:
                    image: john/appbackend
                    buildKit:
                      command: ["/path/to/my/buildx"]
                      args: ["--cache-to", "user/app:cache", "-o", "type=local,dest=/srv"]
                """);
        Path settings = Files.writeString(home.resolve("repositories.yaml"), """
                - url: https://github.com/john/
                  images: ["john/", "user/app:"]
                - url: https://github.com/john/granted
                  images: ["john/", "user/app:"]
                  allow: {commands: [["/path/to/my/buildx"]], buildxFlags: ["--output"]}
                """);

        CliRun refused = plan(Map.of(), "-f", file.toString(), "--tag", "DRLzYNS", "--settings", settings.toString(),
                "--repo", "https://github.com/john/app");
        CliRun granted = plan(Map.of(), "-f", file.toString(), "--tag", "DRLzYNS", "--settings", settings.toString(),
                "--repo", "https://github.com/john/granted");
        CliRun unconfigured = plan(Map.of(), "-f", file.toString(), "--settings", settings.toString(),
                "--repo", "https://gitlab.com/other/app");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo("""
                images.backend.buildKit.command: a command other than docker buildx (1 items) is not allowed; \
                granted by allow.commands
                images.backend.buildKit.args[2]: flag --output is not allowed; granted by allow.buildxFlags: \
                ["--output"]
                """);
        assertThat(granted.exitCode()).isZero();
        assertThat(granted.out()).isEqualTo("{\"image\":\"backend\",\"mode\":\"local\",\"argv\":"
                + "[\"/path/to/my/buildx\",\"build\",\"--tag\",\"john/appbackend:DRLzYNS\",\"--push\",\"--file\","
                + "\"Dockerfile\",\"--cache-to\",\"user/app:cache\",\"-o\",\"type=local,dest=/srv\",\"-\"],"
                + "\"createArgv\":null,\"env\":{}}\n");
        assertThat(unconfigured.exitCode()).isEqualTo(1);
        assertThat(unconfigured.err()).contains("images.backend.image", "BUILDLINE_ALLOWED_IMAGES");
    }

    @Test
    void theKubeconfigsCurrentContextPicksMinikubesDaemon() throws IOException {
        Path file = devspaceYaml("devspace.yaml", "version: v2beta1\nimages:\n  app:\n    image: john/app\n    tags: [dev]\n");
        Path kubeconfig = Files.writeString(home.resolve("kubeconfig"), KUBECONFIG);

        CliRun run = plan(Map.of("KUBECONFIG", kubeconfig.toString()), "-f", file.toString());

        assertThat(run.out()).isEqualTo("{\"image\":\"app\",\"mode\":\"minikube\",\"argv\":[\"docker\",\"buildx\","
                + "\"build\",\"--tag\",\"john/app:dev\",\"--file\",\"Dockerfile\",\"-\"],\"createArgv\":null,"
                + "\"env\":{\"DOCKER_HOST\":\"tcp://192.168.49.2:2376\"}}\n");
        assertThat(minikubeProfiles).containsExactly("minikube");
    }

    @Test
    void kubeContextAndNamespaceOptionsOverrideTheKubeconfig() throws IOException {
        Path file = devspaceYaml("devspace.yaml",
                "version: v2beta1\nimages:\n  app:\n    image: john/app\n    tags: [dev]\n    buildKit:\n      inCluster: {}\n");
        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), KUBECONFIG);

        CliRun run = plan(Map.of(), "-f", file.toString(), "--kube-context", "prod", "-n", "builds");

        assertThat(run.out()).isEqualTo("{\"image\":\"app\",\"mode\":\"in-cluster\",\"argv\":[\"docker\",\"buildx\","
                + "\"build\",\"--tag\",\"john/app:dev\",\"--push\",\"--file\",\"Dockerfile\",\"--builder\","
                + "\"devspace-builds\",\"-\"],\"createArgv\":[\"docker\",\"buildx\",\"create\",\"--driver\",\"kubernetes\","
                + "\"--driver-opt\",\"namespace=builds\",\"--name\",\"devspace-builds\"],\"env\":{},"
                + "\"builder\":{\"name\":\"devspace-builds\",\"namespace\":\"builds\",\"deployment\":\"devspace-builds0\"}}\n");
        assertThat(minikubeProfiles).isEmpty();
    }

    @Test
    void optionsComeFromTheEnvironmentToo() throws IOException {
        Path file = devspaceYaml("devspace.yaml",
                "version: v2beta1\nimages:\n  a:\n    image: john/a\n  b:\n    image: john/b\n");

        CliRun run = plan(Map.of("BUILDLINE_CONFIG_PATH", file.toString(), "BUILDLINE_SKIP_PUSH", "true",
                "BUILDLINE_TAG", "x1,x2", "BUILDLINE_IMAGE", "b", "BUILDLINE_KUBE_CONTEXT", "kind-dev"));

        assertThat(run.out()).isEqualTo("{\"image\":\"b\",\"mode\":\"local\",\"argv\":[\"docker\",\"buildx\",\"build\","
                + "\"--tag\",\"john/b:x1\",\"--tag\",\"john/b:x2\",\"--file\",\"Dockerfile\",\"-\"],\"createArgv\":null,"
                + "\"env\":{},\"kindLoadArgv\":[[\"kind\",\"load\",\"docker-image\",\"--name\",\"dev\",\"john/b:x1\"],"
                + "[\"kind\",\"load\",\"docker-image\",\"--name\",\"dev\",\"john/b:x2\"]]}\n");
    }

    @Test
    void aConfigInASubdirectoryResolvesPathsInsideTheGitRepository() throws IOException {
        Path file = devspaceYaml("services/api/devspace.yaml",
                "version: v2beta1\nimages:\n  api:\n    image: john/api\n    tags: [t]\n    context: ../..\n");

        CliRun run = plan(Map.of(), "-f", file.toString(), "--skip-push");

        assertThat(run.out()).contains("\"--file\",\"services/api/Dockerfile\"");
    }

    @Test
    void anInvalidFilePrintsProblemsToStderrAndNothingToStdout() throws IOException {
        Path file = devspaceYaml("devspace.yaml", "version: v2beta1\nimages:\n  app:\n    image: john/App\n");

        CliRun run = plan(Map.of(), "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(
                "images.app.image: repository name must be lowercase (john/App) (line 4)\n");
    }

    @Test
    void aV1beta11FileIsPlannedAsDevSpaceConvertsIt() throws IOException {
        Path file = devspaceYaml("devspace.yaml", """
                version: v1beta11
                images:
                  app:
                    image: john/app:1.0
                    cmd: [serve]
                    build:
                      buildKit:
                        skipPush: true
                        options:
                          target: prod
                  docs:
                    image: john/docs
                    build:
                      disabled: true
                """);

        CliRun run = plan(Map.of(), "-f", file.toString());
        CliRun docs = plan(Map.of(), "-f", file.toString(), "--image", "docs");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("{\"image\":\"app\",\"mode\":\"local\",\"argv\":[\"docker\",\"buildx\","
                + "\"build\",\"--tag\",\"john/app:1.0\",\"--file\",\"Dockerfile\",\"--target\",\"prod\",\"-\"],"
                + "\"createArgv\":null,\"env\":{},\"dockerfileEdits\":{\"file\":\"Dockerfile\",\"stage\":\"prod\","
                + "\"insert\":\"\\n\\nCMD [\\\"serve\\\"]\\n\"}}\n");
        assertThat(run.err()).isEqualTo("note: version v1beta11, converted to v2beta1 as DevSpace 6 does; planned as "
                + "converted\nwarning: images.docs: not built: build.disabled is true (DevSpace leaves it out of its "
                + "build pipeline) (line 11)\n");
        assertThat(docs.exitCode()).isEqualTo(1);
        assertThat(docs.err()).endsWith("--image docs: not built: build.disabled is true\n");
    }

    @Test
    void anUnknownImageListsTheDefinedOnes() throws IOException {
        Path file = devspaceYaml("devspace.yaml", "version: v2beta1\nimages:\n  app:\n    image: john/app\n");

        CliRun run = plan(Map.of(), "-f", file.toString(), "--image", "web");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("--image web: no such image under images (defined: app)\n");
    }

    @Test
    void aFailingMinikubeSaysHowToBuildWithoutIt() throws IOException {
        Path file = devspaceYaml("devspace.yaml", "version: v2beta1\nimages:\n  app:\n    image: john/app\n");
        minikube = profile -> {
            throw new MinikubeDockerEnv.FailedException("minikube docker-env --shell none --profile " + profile,
                    "exit code 80: minikube is not running");
        };

        CliRun run = plan(Map.of(), "-f", file.toString(), "--kube-context", "minikube", "--tag", "t");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("'minikube docker-env --shell none --profile minikube' failed: exit code 80: "
                + "minikube is not running; set buildKit.preferMinikube: false to build with the local Docker daemon\n");
    }

    @Test
    void aBadFlagValueIsAUsageError() throws IOException {
        CliRun run = plan(Map.of("BUILDLINE_SKIP_PUSH", "perhaps"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("buildline plan: Invalid value for option '--skip-push': expects true or false, "
                + "got 'perhaps' (from BUILDLINE_SKIP_PUSH)\nUsage: buildline plan");
    }

    @Test
    void planShowsTheLoadedFileWithVarsProfilesAndGitFromTheRepository() throws Exception {
        Files.delete(repo.resolve(".git"));
        String commit;
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile())
                .setInitialBranch("main").call()) {
            devspaceYaml("devspace.yaml", """
                    version: v2beta1
                    images:
                      api:
                        image: ${REGISTRY}/api
                        tags: ["$(git rev-parse --short HEAD)"]
                        buildArgs: {NS: "${DEVSPACE_NAMESPACE}"}
                    profiles:
                      - name: prod
                        patches:
                          - {op: add, path: images.api.target, value: production}
                    """);
            git.add().addFilepattern(".").call();
            commit = git.commit().setMessage("api").setAuthor(new org.eclipse.jgit.lib.PersonIdent("t", "t@e.com"))
                    .call().name();
        }
        Files.writeString(home.resolve("config"), KUBECONFIG);

        CliRun run = plan(Map.of("KUBECONFIG", home.resolve("config").toString()), "-f",
                repo.resolve("devspace.yaml").toString(), "--kube-context", "prod", "--var",
                "REGISTRY=registry.example.com/acme", "-p", "prod");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("{\"image\":\"api\",\"mode\":\"local\",\"argv\":[\"docker\",\"buildx\","
                + "\"build\",\"--build-arg\",\"NS=team-a\",\"--tag\",\"registry.example.com/acme/api:"
                + commit.substring(0, 7) + "\",\"--push\",\"--file\",\"Dockerfile\",\"--target\",\"production\","
                + "\"-\"],\"createArgv\":null,\"env\":{}}\n");
    }
}
