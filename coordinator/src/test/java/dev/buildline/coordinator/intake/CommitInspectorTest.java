package dev.buildline.coordinator.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.load.ConfigLoader;
import dev.buildline.git.GitMirror;
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
        assertThat(api.tags().get(0)).isEqualTo(asDevspaceTag(commit.name().substring(0, 7)));
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
                .isInstanceOf(IntakeRejectedException.class)
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
                .isInstanceOf(IntakeRejectedException.class)
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
    void aGitImportThatClimbsOutOfAnAllowedRepositoryIsRefusedBeforeItIsRead() throws Exception {
        Path secret = temp.resolve("private");
        Files.createDirectories(secret);
        Files.writeString(secret.resolve("devspace.yaml"), "version: v2beta1\nimages:\n  leak:\n    image: x/leak\n");
        String secretCommit;
        try (Git git = Git.init().setDirectory(secret.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            secretCommit = git.commit().setMessage("private").setAuthor(new PersonIdent("Eve", "eve@example.com"))
                    .call().name();
        }
        for (String climb : List.of("../private", "%2e%2e/private", "%2E./private")) {
            String lookAlike = sharedUrl() + climb;
            String pushed = pushWithImport("  - git: " + lookAlike + "\n    revision: " + secretCommit + "\n");

            assertThatThrownBy(() -> inspector(RepositorySettings.none("devspace.yaml"))
                    .inspect(url, "refs/heads/main", pushed, null, false, null, null))
                    .as(climb)
                    .hasMessageContaining("imports[0].git: cannot import from " + lookAlike + ": repository URL "
                            + lookAlike + " is refused: its path has a '..' segment");
        }
        try (var mirrors = Files.list(temp.resolve("mirror"))) {
            assertThat(mirrors.toList()).as("only the pushed repository was mirrored").hasSize(1);
        }
    }

    @Test
    void repositoryNamesAreTheDirectoryAClonewouldUse() {
        assertThat(CommitInspector.repositoryName("https://github.com/acme/Web-Shop.git")).isEqualTo("Web-Shop");
        assertThat(CommitInspector.repositoryName("git@github.com:acme/shop.git")).isEqualTo("shop");
        assertThat(CommitInspector.repositoryName("file:///tmp/repos/shop/")).isEqualTo("shop");
    }

    /** A commit that changes {@code files} (path to text) on top of the current branch. */
    private String commitFiles(Map<String, String> files) throws Exception {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.createDirectories(repo.resolve(file.getKey()).getParent());
            Files.writeString(repo.resolve(file.getKey()), file.getValue());
        }
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Ada", "ada@example.com");
            return git.commit().setMessage("change").setAuthor(who).setCommitter(who).call().name();
        }
    }

    /** Loads through the real loader, counted. */
    private record CountedLoads(ConfigLoader loader, java.util.concurrent.atomic.AtomicInteger count)
            implements ConfigCache.Loads {
        CountedLoads() {
            this(new ConfigLoader(new ConfigParser()), new java.util.concurrent.atomic.AtomicInteger());
        }

        @Override
        public ConfigLoader.Traced load(dev.buildline.common.config.load.LoadRequest request) {
            count.incrementAndGet();
            return loader.loadTraced(request);
        }
    }

    /** The repository's settings without a profile. */
    private RepositorySettings noProfile() {
        return new RepositorySettings(List.of(new RepositorySettings.Entry(url, "devspace.yaml", Map.of(), List.of(),
                Map.of("AWS_REGION", "eu-west-1"))), "devspace.yaml", "builds", "kind-ci");
    }

    private CommitInspector counted(CountedLoads loads, RepositorySettings settings) {
        return new CommitInspector(new GitMirror(temp.resolve("mirror"), null, null),
                new ConfigCache(loads, ConfigCache.DEFAULT_ENTRIES, ConfigCache.DEFAULT_TEXT_CHARS), settings,
                new RepoAllowList(List.of(url, sharedUrl())));
    }

    @Test
    void aPushThatLeavesDevspaceYamlAsItWasDoesNotLoadItAgain() throws Exception {
        String first = commitFiles(Map.of("devspace.yaml", "version: v2beta1\nvars:\n  REGISTRY: r.example.com\n"
                + "images:\n  api:\n    image: ${REGISTRY}/api\n    tags: [v1, \"${DEVSPACE_NAME}\"]\n"));
        String second = commitFiles(Map.of("Dockerfile", "FROM scratch\nCOPY . /\n"));
        CountedLoads loads = new CountedLoads();
        CommitInspector inspector = counted(loads, noProfile());

        CommitInspector.Inspection one = inspector.inspect(url, "refs/heads/main", first, null, false, null, null);
        CommitInspector.Inspection two = inspector.inspect(url, "refs/heads/main", second, first, true, null, null);

        assertThat(loads.count()).as("one load for the blob, for both commits and the push's before").hasValue(1);
        assertThat(two.after()).isEqualTo(one.after());
        assertThat(two.before()).isEqualTo(one.after());
        assertThat(two.after().images().get("api").tags()).containsExactly("v1", "shop");
        assertThat(two.inputs().get("api")).as("the Dockerfile changed").isNotEqualTo(one.inputs().get("api"));
    }

    @Test
    void aFileThatReadsTheCommitIsLoadedAgainForAnotherCommitButNotForTheSameOne() throws Exception {
        // DEVSPACE_YAML uses $(git rev-parse), DEVSPACE_GIT_BRANCH, DEVSPACE_RANDOM and git describe
        String next = commitFiles(Map.of("README.md", "hello\n"));
        CountedLoads loads = new CountedLoads();
        CommitInspector inspector = counted(loads, settings());

        var first = inspector.inspect(url, "refs/heads/main", commit.name(), null, false, null, null).after();
        var again = inspector.inspect(url, "refs/heads/main", commit.name(), null, false, null, null).after();
        var later = inspector.inspect(url, "refs/heads/main", next, null, false, null, null).after();
        var otherRef = inspector.inspect(url, "refs/heads/release", next, null, false, null, null).after();

        assertThat(again).isEqualTo(first);
        assertThat(later.images().get("api").tags().get(0)).isEqualTo(asDevspaceTag(next.substring(0, 7)));
        assertThat(otherRef.images().get("api").tags().get(1)).startsWith("release-");
        assertThat(loads.count()).as("the same commit again is not loaded again; each other commit or ref is")
                .hasValue(3);
    }

    @Test
    void anImportOrEnvFileThatChangedIsReadAgainThoughDevspaceYamlDidNot() throws Exception {
        CountedLoads loads = new CountedLoads();
        CommitInspector inspector = counted(loads, noProfile());
        String stable = "version: v2beta1\nimports:\n  - path: shared/images.yaml\nvars:\n  DEVSPACE_ENV_FILE: .env\n"
                + "  REGISTRY:\n    source: env\nimages:\n  api:\n    image: ${REGISTRY}/api\n";
        String first = commitFiles(Map.of("devspace.yaml", stable));
        String importChanged = commitFiles(Map.of("shared/images.yaml",
                "version: v2beta1\nimages:\n  worker:\n    image: ${REGISTRY}/worker2\n"));
        String envChanged = commitFiles(Map.of(".env", "REGISTRY=registry.example.com/moved\n"));

        var one = inspector.inspect(url, "refs/heads/main", first, null, false, null, null).after();
        var two = inspector.inspect(url, "refs/heads/main", importChanged, null, false, null, null).after();
        var three = inspector.inspect(url, "refs/heads/main", envChanged, null, false, null, null).after();

        assertThat(one.images().get("worker").image()).isEqualTo("registry.example.com/from-dotenv/worker");
        assertThat(two.images().get("worker").image()).isEqualTo("registry.example.com/from-dotenv/worker2");
        assertThat(three.images().get("api").image()).isEqualTo("registry.example.com/moved/api");
        assertThat(loads.count()).hasValue(3);
    }

    /**
     * What {@code $(git rev-parse --short HEAD)} gives as a tag: DevSpace converts an expression's output with Go's
     * {@code strconv.Atoi} (expression.go), so an abbreviation of decimal digits alone becomes a number and loses its
     * leading zeros ({@code 0636100} is tagged {@code 636100}), as {@code devspace build} tags it.
     */
    private static String asDevspaceTag(String abbreviation) {
        return abbreviation.matches("[0-9]+") ? String.valueOf(Long.parseLong(abbreviation)) : abbreviation;
    }
}
