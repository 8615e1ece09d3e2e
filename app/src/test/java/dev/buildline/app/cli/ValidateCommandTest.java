package dev.buildline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

    @TempDir
    Path repo;

    private CliRun validate(Map<String, String> env, String... args) {
        return CliRun.of((out, err) -> ValidateCommand.run(List.of(args), out, err, env));
    }

    @Test
    void aValidFileExitsZeroAndWarningsGoToStderr() throws IOException {
        Path file = Files.writeString(repo.resolve("devspace.yaml"),
                "version: v2beta1\nimages:\n  backend:\n    image: john/appbackend\n    createPullSecret: true\n");

        CliRun run = validate(Map.of(), "-f", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(file + ": valid, 1 image(s): backend\n" + file + ": version v2beta1\n");
        assertThat(run.err()).isEqualTo("warning: images.backend.createPullSecret: not applied by Buildline: "
                + "it creates no pull secrets (line 5)\n");
    }

    @Test
    void aV1beta11FileSaysItWasConvertedAndWhatIsNotBuilt() throws IOException {
        Path file = Files.writeString(repo.resolve("devspace.yaml"), """
                version: v1beta11
                images:
                  backend:
                    image: john/appbackend
                    build:
                      buildKit:
                        options:
                          target: prod
                  docs:
                    image: john/docs
                    build:
                      disabled: true
                """);

        CliRun run = validate(Map.of(), "-f", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(file + ": valid, 1 image(s): backend\n"
                + file + ": version v1beta11, converted to v2beta1 as DevSpace 6 does\n");
        assertThat(run.err()).isEqualTo("warning: images.docs: not built: build.disabled is true (DevSpace leaves it "
                + "out of its build pipeline) (line 9)\n");
    }

    @Test
    void aFileWithoutVersionIsRefusedAsDevSpaceRefusesIt() throws IOException {
        Path file = Files.writeString(repo.resolve("devspace.yaml"), "images:\n  a:\n    image: john/a\n");

        CliRun run = validate(Map.of(), "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("version: is missing; DevSpace refuses a devspace.yaml without it");
    }

    @Test
    void anInvalidFilePrintsOneLinePerProblemAndExitsOne() throws IOException {
        Path file = Files.writeString(repo.resolve("devspace.yaml"), """
                images:
                  backend:
                    image: john/appbackend:.latest
                    context: ../outside
                  api:
                    image: john/api
                    buildKit:
                      inCluster:
                        nodeSelector: {pool: x}
                version: v2beta1
                """);

        CliRun run = validate(Map.of(), "--file=" + file);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(
                "images.backend.image: '.latest' is not a valid tag (letters, digits, _ . -, at most 128, not starting "
                        + "with . or -) (line 3)",
                "images.backend.context: '../outside' is outside the repository: it climbs out of the repository with '..' (line 4)",
                "images.api.buildKit.inCluster.nodeSelector: expected a string, found a mapping (line 9)");
    }

    @Test
    void theFileComesFromTheEnvironmentToo() throws IOException {
        Path file = Files.writeString(repo.resolve("other.yaml"), "version: v2beta1\nimages:\n  a:\n    image: john/a\n");

        CliRun run = validate(Map.of("BUILDLINE_CONFIG_PATH", file.toString()));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith(file + ": valid");
    }

    @Test
    void aMissingFileIsAProblem() {
        CliRun run = validate(Map.of(), "-f", repo.resolve("nope.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(repo.resolve("nope.yaml") + ": no such file\n");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CliRun run = validate(Map.of(), "--strict");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith(
                "buildline validate: Unknown option: '--strict'\nUsage: buildline validate [-h] [-f=FILE]");
    }

    @Test
    void varsAndProfilesComeFromTheCommandLineAndGitFromTheRepository() throws Exception {
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile())
                .setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("devspace.yaml"), """
                    version: v2beta1
                    images:
                      api:
                        image: ${REGISTRY}/api
                        tags: ["$(git rev-parse --short HEAD)", "${DEVSPACE_GIT_BRANCH}"]
                    profiles:
                      - name: prod
                        patches:
                          - {op: add, path: images.api.target, value: production}
                    """);
            git.add().addFilepattern(".").call();
            git.commit().setMessage("api").setAuthor(new org.eclipse.jgit.lib.PersonIdent("t", "t@example.com")).call();
        }
        Path file = repo.resolve("devspace.yaml");

        CliRun refused = validate(Map.of("REGISTRY", "from-the-environment"), "-f", file.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).startsWith("images.api.image: ${REGISTRY} has no value").contains("--var NAME=VALUE");

        CliRun run = validate(Map.of(), "-f", file.toString(), "--var", "REGISTRY=registry.example.com/acme",
                "--profile", "prod");
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).isEqualTo(file + ": valid, 1 image(s): api\n" + file + ": version v2beta1\n");

        CliRun unknown = validate(Map.of(), "-f", file.toString(), "--var", "REGISTRY=r", "-p", "staging");
        assertThat(unknown.out()).isEqualTo("profiles: Couldn't find profile 'staging'\n");

        CliRun badVar = validate(Map.of(), "-f", file.toString(), "--var", "REGISTRY");
        assertThat(badVar.exitCode()).isEqualTo(2);
        assertThat(badVar.err()).startsWith("buildline validate: Invalid value for option '--var' (NAME=VALUE): "
                + "wrong --var format: REGISTRY, expected 'key=val'");
    }
}
