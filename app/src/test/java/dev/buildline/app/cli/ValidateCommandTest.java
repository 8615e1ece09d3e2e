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
                "images:\n  backend:\n    image: john/appbackend\n    entrypoint: [sleep]\n");

        CliRun run = validate(Map.of(), "-f", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(file + ": valid, 1 image(s): backend\n");
        assertThat(run.err()).isEqualTo("warning: images.backend.entrypoint: not applied by Buildline: "
                + "the Dockerfile is built as it is in the repository (line 4)\n");
    }

    @Test
    void anInvalidFilePrintsOneLinePerProblemAndExitsOne() throws IOException {
        Path file = Files.writeString(repo.resolve("devspace.yaml"), """
                images:
                  backend:
                    image: john/appbackend:latest
                    context: ../outside
                  api:
                    image: john/api
                    buildKit:
                      inCluster:
                        nodeSelector: {pool: x}
                """);

        CliRun run = validate(Map.of(), "--file=" + file);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out().lines()).containsExactly(
                "images.backend.image: must not contain a tag (found ':latest'); list tags under tags (line 3)",
                "images.backend.context: '../outside' is outside the repository: it climbs out of the repository with '..' (line 4)",
                "images.api.buildKit.inCluster.nodeSelector: expected a string, found a mapping (line 9)");
    }

    @Test
    void theFileComesFromTheEnvironmentToo() throws IOException {
        Path file = Files.writeString(repo.resolve("other.yaml"), "images:\n  a:\n    image: john/a\n");

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
        assertThat(run.err()).startsWith("validate: unknown option --strict\nusage: buildline validate -f devspace.yaml");
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
        assertThat(run.out()).isEqualTo(file + ": valid, 1 image(s): api\n");

        CliRun unknown = validate(Map.of(), "-f", file.toString(), "--var", "REGISTRY=r", "-p", "staging");
        assertThat(unknown.out()).isEqualTo("profiles: Couldn't find profile 'staging'\n");

        CliRun badVar = validate(Map.of(), "-f", file.toString(), "--var", "REGISTRY");
        assertThat(badVar.exitCode()).isEqualTo(2);
        assertThat(badVar.err()).startsWith("validate: wrong --var format: REGISTRY, expected 'key=val'");
    }
}
