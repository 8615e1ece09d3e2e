package dev.buildline.common.config.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.ConfigProblem;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InvalidConfigException;
import dev.buildline.common.messages.BuildIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Rules of the loader that a golden file cannot show: repeatability, what is never read, and the limits. */
class ConfigLoaderTest {

    private static final String REPO = "https://git.example.com/acme/shop.git";

    private static LoadRequest request(String yaml, String commit, Map<String, String> vars, Map<String, String> env,
                                       RepoFiles files) {
        FixedGit git = new FixedGit(commit, "main", 1764547200L, null);
        return new LoadRequest("devspace.yaml", yaml, "shop", vars, List.of(), env, "", "",
                REPO + "@" + commit, git.time(), files, git, LoadRequest.Sources.CLI);
    }

    private static DevspaceConfig load(String yaml) {
        return new ConfigLoader(new ConfigParser()).load(request(yaml, FixedGit.COMMIT, Map.of(), Map.of(),
                RepoFiles.NONE));
    }

    private static List<String> problems(LoadRequest request) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> new ConfigLoader(new ConfigParser()).load(request));
        assertThat(e).as("the file should be refused").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private static List<String> problems(String yaml) {
        return problems(request(yaml, FixedGit.COMMIT, Map.of(), Map.of(), RepoFiles.NONE));
    }

    @Test
    void loadingOneCommitTwiceGivesOneConfigAndOneBuildId() {
        String yaml = "version: v2beta1\nimages:\n  api:\n    image: registry.example.com/acme/api\n"
                + "    tags: ['${DEVSPACE_RANDOM}', 'ts-${DEVSPACE_TIMESTAMP}', '${devspace.random}']\n";
        DevspaceConfig first = load(yaml);
        DevspaceConfig second = load(yaml);
        ImageConfig api = first.images().get("api");

        assertThat(second).isEqualTo(first);
        assertThat(api.tags()).hasSize(3).allMatch(tag -> tag.matches("[a-zA-Z]{6}|ts-1764547200"));
        assertThat(api.tags().get(0)).as("each name is random on its own, as in DevSpace").isNotEqualTo(api.tags().get(2));
        assertThat(BuildIds.buildId(REPO, FixedGit.COMMIT, "api", BuildIds.configHash(second.images().get("api"))))
                .isEqualTo(BuildIds.buildId(REPO, FixedGit.COMMIT, "api", BuildIds.configHash(api)));

        String otherCommit = "9" + FixedGit.COMMIT.substring(1);
        DevspaceConfig later = new ConfigLoader(new ConfigParser()).load(request(yaml, otherCommit, Map.of(), Map.of(),
                RepoFiles.NONE));
        assertThat(later.images().get("api").tags().get(0)).as("another commit draws another random tag")
                .isNotEqualTo(api.tags().get(0));
    }

    @Test
    void theServersEnvironmentIsNeverRead() {
        assertThat(System.getenv("PATH")).as("this test needs PATH in the process environment").isNotBlank();
        String yaml = "version: v2beta1\nimages:\n  api:\n    image: registry.example.com/acme/api\n"
                + "    buildArgs:\n      P: ${PATH}\n";
        assertThat(problems(yaml)).singleElement().asString().startsWith("images.api.buildArgs.P: ${PATH} has no value");

        DevspaceConfig allowed = new ConfigLoader(new ConfigParser()).load(request(yaml, FixedGit.COMMIT, Map.of(),
                Map.of("PATH", "/listed/by/settings"), RepoFiles.NONE));
        assertThat(allowed.images().get("api").buildArgs()).containsEntry("P", "/listed/by/settings");
    }

    @Test
    void aVariableKeepsTheLineOfTheValueItReplaced() {
        String yaml = "version: v2beta1\nvars:\n  TAG: not a tag!\nimages:\n  api:\n"
                + "    image: registry.example.com/acme/api\n    tags:\n      - ${TAG}\n";
        assertThat(problems(yaml)).singleElement().asString().startsWith("images.api.tags[0]: ").endsWith("(line 8)");
    }

    @Test
    void aPatchOnOneAliasOccurrenceChangesOnlyThatOne() {
        String yaml = "version: v2beta1\nimages:\n  api:\n    image: registry.example.com/acme/api\n"
                + "    buildArgs: &args {MODE: dev}\n  worker:\n    image: registry.example.com/acme/worker\n"
                + "    buildArgs: *args\nprofiles:\n  - name: p\n    patches:\n"
                + "      - {op: replace, path: images.api.buildArgs.MODE, value: prod}\n";
        DevspaceConfig config = new ConfigLoader(new ConfigParser()).load(new LoadRequest("devspace.yaml", yaml,
                "shop", Map.of(), List.of("p"), Map.of(), "", "", REPO, 0, RepoFiles.NONE, GitFacts.NONE,
                LoadRequest.Sources.CLI));
        assertThat(config.images().get("api").buildArgs()).containsEntry("MODE", "prod");
        assertThat(config.images().get("worker").buildArgs()).containsEntry("MODE", "dev");
    }

    @Test
    void aBombOutsideProfilesIsRefusedToo() {
        StringBuilder yaml = new StringBuilder("version: v2beta1\nx0: &x0 [a, a]\n");
        for (int i = 1; i < 25; i++) {
            yaml.append("x").append(i).append(": &x").append(i).append(" [*x").append(i - 1).append(", *x")
                    .append(i - 1).append("]\n");
        }
        assertThat(problems(yaml.toString())).singleElement().asString()
                .contains("expands to more than 200000 YAML nodes");
    }

    @Test
    void anImportSharesTheLoadsCharacterBudget() {
        // a 200 KB value written once and aliased 25 times: few nodes, 5 million characters once expanded
        RepoFiles files = path -> Optional.of("version: v2beta1\nvars:\n  BIG: &big " + "x".repeat(200_000)
                + "\nlaughs: [" + "*big, ".repeat(24) + "*big]\n");
        String yaml = "version: v2beta1\nimports:\n  - path: a.yaml\n"
                + "images:\n  api:\n    image: registry.example.com/acme/api\n";

        assertThat(problems(request(yaml, FixedGit.COMMIT, Map.of(), Map.of(), files))).singleElement().asString()
                .startsWith("imports[0] (a.yaml.laughs[19]): the configuration's string values come to more than "
                        + "4194304 characters");
    }

    @Test
    void importsThatImportEachOtherStop() {
        RepoFiles files = path -> Optional.of("version: v2beta1\nimports:\n  - path: "
                + (path.equals("a.yaml") ? "b.yaml" : "a.yaml") + "\n");
        String yaml = "version: v2beta1\nimports:\n  - path: a.yaml\nimages:\n  api:\n    image: registry.example.com/acme/api\n";
        assertThat(problems(request(yaml, FixedGit.COMMIT, Map.of(), Map.of(), files))).singleElement().asString()
                .startsWith("imports: imports nest more than 20 levels deep");
    }

    @Test
    void gitExpressionsOutsideARepositorySayWhy() {
        String yaml = "version: v2beta1\nimages:\n  api:\n    image: registry.example.com/acme/api\n"
                + "    tags: ['$(git rev-parse --short HEAD)']\n";
        List<String> problems = problems(new LoadRequest("devspace.yaml", yaml, "shop", Map.of(), List.of(),
                Map.of(), "", "", REPO, 0, RepoFiles.NONE, GitFacts.NONE, LoadRequest.Sources.CLI));
        assertThat(problems).containsExactly("images.api.tags[0]: the expression '$(git rev-parse --short HEAD)' "
                + "cannot be answered: the file is not in a git repository");
    }

    @Test
    void varOptionsAreTypedAsDevspaceTypesThem() {
        String yaml = "version: v2beta1\nimages:\n  api:\n    image: registry.example.com/acme/api\n"
                + "    skipPush: ${SKIP}\n    buildArgs: {N: '${N}', S: '$!{N}'}\n";
        DevspaceConfig config = new ConfigLoader(new ConfigParser()).load(request(yaml, FixedGit.COMMIT,
                Map.of("SKIP", "true", "N", "0123"), Map.of(), RepoFiles.NONE));
        assertThat(config.images().get("api").skipPush()).isTrue();
        assertThat(config.images().get("api").buildArgs()).containsEntry("N", "123").containsEntry("S", "123");
    }

    @Test
    void aValueThatDoesNotFitItsDefaultsTypeIsNotShown() {
        String images = "images:\n  api:\n    image: registry.example.com/acme/api\n    buildArgs: {R: '${REPLICAS}'}\n";
        String listForm = "version: v1beta11\nvars:\n  - name: REPLICAS\n    default: 3\n" + images;
        List<String> problems = problems(request(listForm, FixedGit.COMMIT, Map.of(),
                Map.of("REPLICAS", "s3cr3t-token"), RepoFiles.NONE));
        assertThat(problems).singleElement().asString()
                .startsWith("vars[0]: the value of REPLICAS from the environment is not a number")
                .doesNotContain("s3cr3t-token");

        // the map form's default went through JSON: a float64, which forces nothing (default_variable.go)
        String mapForm = "version: v2beta1\nvars:\n  REPLICAS:\n    default: 3\n" + images;
        DevspaceConfig config = new ConfigLoader(new ConfigParser()).load(request(mapForm, FixedGit.COMMIT, Map.of(),
                Map.of("REPLICAS", "five"), RepoFiles.NONE));
        assertThat(config.images().get("api").buildArgs()).containsEntry("R", "five");
    }

    /** STYLE.md: common does no I/O; the loader gets files and git facts through RepoFiles and GitFacts. */
    @Test
    void theLoaderDoesNoIo() throws IOException {
        Path sources = Path.of("src/main/java/dev/buildline/common/config/load");
        try (Stream<Path> files = Files.list(sources)) {
            for (Path file : files.toList()) {
                String text = Files.readString(file);
                assertThat(text).as(file.toString()).doesNotContain("import java.io.File", "import java.nio.file",
                        "import java.net", "org.eclipse.jgit", "ProcessBuilder", "Runtime.getRuntime", "System.getenv");
            }
        }
    }
}
