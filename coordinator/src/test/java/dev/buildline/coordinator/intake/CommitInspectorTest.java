package dev.buildline.coordinator.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.load.ConfigLoader;
import dev.buildline.git.GitMirror;
import dev.buildline.coordinator.webhook.RequestRejectedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator's load of a pushed commit: a real JGit repository, mirrored as a push would be. */
class CommitInspectorTest {

    private static final String DEVSPACE_YAML = """
            version: v2beta1
            imports:
              - path: shared/images.yaml
            vars:
              DEVSPACE_ENV_FILE: .env
              REGISTRY:
                source: env
            images:
              api:
                image: ${REGISTRY}/api
                tags:
                  - $(git rev-parse --short HEAD)
                  - ${DEVSPACE_GIT_BRANCH}-${DEVSPACE_RANDOM}
                  - $(git describe --tags --always)
                buildArgs:
                  PROFILE: ${DEVSPACE_PROFILE}
                  REGION: ${AWS_REGION}
            profiles:
              - name: production
                patches:
                  - {op: add, path: images.api.buildArgs.MODE, value: prod}
            """;

    @TempDir
    Path temp;
    private Path repo;
    private String url;
    private RevCommit commit;

    @BeforeEach
    void commit() throws Exception {
        repo = temp.resolve("shop");
        Files.createDirectories(repo.resolve("shared"));
        Files.writeString(repo.resolve("devspace.yaml"), DEVSPACE_YAML);
        Files.writeString(repo.resolve("shared/images.yaml"),
                "version: v2beta1\nimages:\n  worker:\n    image: ${REGISTRY}/worker\n");
        Files.writeString(repo.resolve(".env"), "REGISTRY=registry.example.com/from-dotenv\n");
        Files.writeString(repo.resolve("Dockerfile"), "FROM scratch\n");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Ada", "ada@example.com");
            commit = git.commit().setMessage("images").setAuthor(who).setCommitter(who).call();
            git.tag().setName("v1.2.0").setAnnotated(true).setMessage("release").setObjectId(commit).call();
        }
        url = repo.toUri().toString();
        Path shared = temp.resolve("shared");
        Files.createDirectories(shared.resolve("devspace/base"));
        Files.writeString(shared.resolve("devspace/base/devspace.yaml"), """
                version: v2beta1
                imports:
                  - path: ../images.yaml
                vars:
                  REGISTRY: registry.example.com/shared
                """);
        Files.writeString(shared.resolve("devspace/images.yaml"),
                "version: v2beta1\nimages:\n  sidecar:\n    image: ${REGISTRY}/sidecar\n");
        try (Git git = Git.init().setDirectory(shared.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            RevCommit base = git.commit().setMessage("shared").setAuthor(new PersonIdent("Ada", "ada@example.com"))
                    .call();
            git.tag().setName("shared-1.0").setObjectId(base).call();
        }
    }

    private String sharedUrl() {
        return temp.resolve("shared").toUri().toString();
    }

    private String pushWithImport(String importEntry) throws Exception {
        Files.writeString(repo.resolve("devspace.yaml"), "version: v2beta1\nimports:\n" + importEntry
                + "images:\n  api:\n    image: ${REGISTRY}/api\n");
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
            return git.commit().setMessage("import").setAuthor(new PersonIdent("Ada", "ada@example.com")).call().name();
        }
    }

    private CommitInspector inspector(RepositorySettings settings) {
        return new CommitInspector(new GitMirror(temp.resolve("mirror"), null, null),
                new ConfigLoader(new ConfigParser()), settings, new RepoAllowList(List.of(url, sharedUrl())));
    }

    private RepositorySettings settings() {
        return new RepositorySettings(List.of(new RepositorySettings.Entry(url, "devspace.yaml", Map.of(),
                List.of("production"), Map.of("AWS_REGION", "eu-west-1"))), "devspace.yaml", "builds", "kind-ci");
    }

    @Test
    void aPushLoadsWithTheRepositorysSettingsImportsAndGitFactsOfTheCommit() {
        CommitInspector.Inspection inspection = inspector(settings())
                .inspect(url, "refs/heads/main", commit.name(), null, false, null, null);

        var api = inspection.after().images().get("api");
        assertThat(api.image()).isEqualTo("registry.example.com/from-dotenv/api");
        assertThat(api.tags().get(0)).isEqualTo(commit.name().substring(0, 7));
        assertThat(api.tags().get(1)).matches("main-[a-zA-Z]{6}");
        assertThat(api.tags().get(2)).isEqualTo("v1.2.0");
        assertThat(api.buildArgs()).containsEntry("MODE", "prod").containsEntry("REGION", "eu-west-1")
                .containsEntry("PROFILE", "production");
        assertThat(inspection.after().images()).containsKeys("api", "worker");
    }

    @Test
    void aRedeliveryLoadsTheSameConfigAndInputs() {
        CommitInspector.Inspection first = inspector(settings())
                .inspect(url, "refs/heads/main", commit.name(), null, false, null, null);
        CommitInspector.Inspection again = inspector(settings())
                .inspect(url, "refs/heads/main", commit.name(), null, false, null, null);

        assertThat(again.after()).isEqualTo(first.after());
        assertThat(again.inputs()).isEqualTo(first.inputs());
    }

    @Test
    void withoutSettingsTheServersEnvironmentIsNotRead() {
        assertThatThrownBy(() -> inspector(RepositorySettings.none("devspace.yaml"))
                .inspect(url, "refs/heads/main", commit.name(), null, false, null, null))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("images.api.buildArgs.REGION: ${AWS_REGION} has no value")
                .hasMessageContaining("BUILDLINE_REPOSITORIES_FILE");
    }

    @Test
    void aSymbolicLinkIsNoFileToImport() throws Exception {
        Files.delete(repo.resolve("shared/images.yaml"));
        Files.createSymbolicLink(repo.resolve("shared/images.yaml"), Path.of("/etc/hostname"));
        RevCommit linked;
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
            linked = git.commit().setMessage("link").setAuthor(new PersonIdent("Ada", "ada@example.com")).call();
        }
        assertThatThrownBy(() -> inspector(settings()).inspect(url, "refs/heads/main", linked.name(), null, false,
                null, null))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("imports[0].path: shared/images.yaml is not a file of the repository at this commit");
    }

    @Test
    void describeCountsCommitsSinceTheTagAsGitDoes() throws Exception {
        Files.writeString(repo.resolve("devspace.yaml"), """
                version: v2beta1
                images:
                  api:
                    image: registry.example.com/acme/api
                    tags: ["$(git describe --tags)", "$(git describe --tags --abbrev=0)", "$(git describe --long)"]
                """);
        RevCommit next;
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
            next = git.commit().setMessage("after the tag").setAuthor(new PersonIdent("Ada", "ada@example.com")).call();
        }
        var api = inspector(RepositorySettings.none("devspace.yaml"))
                .inspect(url, "refs/tags/v1.2.1", next.name(), null, false, null, null).after().images().get("api");
        String abbrev = next.name().substring(0, 7);
        assertThat(api.tags()).containsExactly("v1.2.0-1-g" + abbrev, "v1.2.0", "v1.2.0-1-g" + abbrev);
    }

    @Test
    void aGitImportOfAnAllowedRepositoryIsReadAtItsTagAndItsOwnImportsFromThere() throws Exception {
        String commit = pushWithImport("  - git: " + sharedUrl() + "\n    tag: shared-1.0\n    subPath: devspace/base\n");

        var images = inspector(RepositorySettings.none("devspace.yaml"))
                .inspect(url, "refs/heads/main", commit, null, false, null, null).after().images();

        assertThat(images).containsOnlyKeys("api", "sidecar");
        assertThat(images.get("api").image()).isEqualTo("registry.example.com/shared/api");
        assertThat(images.get("sidecar").image()).isEqualTo("registry.example.com/shared/sidecar");
    }

    @Test
    void aGitImportMustBeAllowedAndPinned() throws Exception {
        String other = temp.resolve("elsewhere").toUri().toString();
        String notAllowed = pushWithImport("  - git: " + other + "\n    revision: " + "a".repeat(40) + "\n");
        assertThatThrownBy(() -> inspector(RepositorySettings.none("devspace.yaml"))
                .inspect(url, "refs/heads/main", notAllowed, null, false, null, null))
                .hasMessageContaining("imports[0].git: cannot import from " + other + ": repository " + other
                        + " is not allowed by BUILDLINE_ALLOWED_REPOS");

        String branchOnly = pushWithImport("  - git: " + sharedUrl() + "\n    branch: main\n");
        assertThatThrownBy(() -> inspector(RepositorySettings.none("devspace.yaml"))
                .inspect(url, "refs/heads/main", branchOnly, null, false, null, null))
                .hasMessageContaining("imports[0].git: a git import must be pinned with revision (a commit id) or tag");
    }

    @Test
    void repositoryNamesAreTheDirectoryAClonewouldUse() {
        assertThat(CommitInspector.repositoryName("https://github.com/acme/Web-Shop.git")).isEqualTo("Web-Shop");
        assertThat(CommitInspector.repositoryName("git@github.com:acme/shop.git")).isEqualTo("shop");
        assertThat(CommitInspector.repositoryName("file:///tmp/repos/shop/")).isEqualTo("shop");
    }
}
