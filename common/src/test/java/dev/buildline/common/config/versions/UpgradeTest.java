package dev.buildline.common.config.versions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.ConfigProblem;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.ImageReference;
import dev.buildline.common.config.InvalidConfigException;
import dev.buildline.common.config.RebuildStrategy;
import dev.buildline.common.messages.Json;
import dev.buildline.common.plan.ContextLayout;
import dev.buildline.common.plan.DockerfileEdits;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The upgrade rules whose effect the plan lines do not show (DevSpace's versions/v1beta9 … v1beta11/upgrade.go). */
class UpgradeTest {

    private final ConfigParser parser = new ConfigParser();

    @Test
    void preferSyncOverRebuildBecomesIgnoreContextChangesOnlyForASyncedImage() {
        DevspaceConfig config = parser.parse("""
                version: v1beta9
                images:
                  synced:
                    image: acme/synced
                    preferSyncOverRebuild: true
                    rebuildStrategy: always
                  other:
                    image: acme/other
                    preferSyncOverRebuild: true
                dev:
                  sync:
                    - imageName: synced
                """);

        assertThat(config.image("synced").orElseThrow().rebuildStrategy()).isEqualTo(RebuildStrategy.IGNORE_CONTEXT_CHANGES);
        assertThat(config.image("other").orElseThrow().rebuildStrategy()).isEqualTo(RebuildStrategy.DEFAULT);
    }

    @Test
    void v1beta10KnowsNoTagsAppendRandom() {
        assertThat(problems("version: v1beta10\nimages:\n  app:\n    image: acme/app\n    tagsAppendRandom: true\n"))
                .containsExactly("images.app.tagsAppendRandom: is not a field of an image in v1beta10; DevSpace refuses "
                        + "the file (\"field tagsAppendRandom not found in type v1beta10.ImageConfig\") (line 5)");
    }

    /** The v1beta9 and v1beta10 steps copy through omitempty fields; the v1beta11 step copies the lists directly. */
    @ParameterizedTest(name = "{0}: entrypoint: [] gives ENTRYPOINT [] {1}")
    @CsvSource({"v1beta9, false", "v1beta10, false", "v1beta11, true", "v2beta1, true"})
    void anEmptyEntrypointSurvivesOnlyTheDirectCopies(String version, boolean kept) {
        String layout = version.equals("v2beta1") ? "" : "    build: {buildKit: {}}\n";
        ImageConfig image = parser.parse("version: " + version + "\nimages:\n  app:\n    image: acme/app\n"
                + "    entrypoint: []\n    cmd: [x]\n" + layout).image("app").orElseThrow();

        String text = DockerfileEdits.of(image, ContextLayout.of("", ".", "Dockerfile")).text();

        assertThat(text.contains("ENTRYPOINT []")).isEqualTo(kept);
        assertThat(text).endsWith("CMD [\"x\"]\n");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"my_image, myimage", "'My App.v2', my-app-v2", "a@b/c:d, a-b-c-d", "a..b, a-b", "api, api"})
    void imageKeysAreConvertedAsEncodingConvert(String key, String converted) {
        assertThat(ImageKeys.convert(key)).isEqualTo(converted);
    }

    @Test
    void aLongImageKeyIsCutWithAHash() {
        String converted = ImageKeys.convert("a".repeat(70));

        assertThat(converted).hasSize(63).startsWith("a".repeat(55) + "-").matches("a{55}-[0-9a-f]{7}");
    }

    @Test
    void twoKeysThatConvertToOneAreRefused() {
        assertThat(problems("version: v1beta11\nimages:\n  my_app:\n    image: acme/a\n  myapp:\n    image: acme/b\n"))
                .containsExactly("images.myapp: becomes images.myapp when DevSpace converts the file to v2beta1, as "
                        + "images.my_app does; DevSpace keeps one of them at random: rename one (line 5)");
    }

    @Test
    void aDuplicateKeyInsideTheBuildBlockIsFoundBeforeTheUpgradeTakesItApart() {
        assertThat(problems("version: v1beta11\nimages:\n  app:\n    image: acme/a\n    build:\n      buildKit: {}\n"
                + "      buildKit: {args: [x]}\n"))
                .containsExactly("images.app.build.buildKit: is defined more than once (line 7)");
    }

    @Test
    void aV1beta11ImageStillNeedsItsImageAndSaysSoAtItsWrittenKey() {
        assertThat(problems("version: v1beta11\nimages:\n  my_app:\n    tags: [x]\n"))
                .containsExactly("images.my_app.image: is required (line 4)");
    }

    @Test
    void aDisabledImageWithAConvertedKeyIsReportedAtItsWrittenKey() {
        DevspaceConfig config = parser.parse("version: v1beta11\nimages:\n  my_docs:\n    image: acme/docs\n"
                + "    build: {disabled: true}\n");

        assertThat(config.images()).isEmpty();
        assertThat(config.notBuilt()).containsOnlyKeys("mydocs");
        assertThat(config.warnings()).contains("images.my_docs: not built: build.disabled is true (DevSpace leaves it "
                + "out of its build pipeline) (line 3)");
    }

    @Test
    void theBooleansTheUpgradeReadsMustBeBooleans() {
        assertThat(problems("version: v1beta11\nimages:\n  app:\n    image: acme/a\n    build:\n      disabled: \"true\"\n"
                + "      buildKit: {skipPush: yes please}\n")).containsExactly(
                "images.app.build.disabled: expected true or false, found a string (line 6)",
                "images.app.build.buildKit.skipPush: expected true or false, found a string (line 7)");
    }

    @Test
    void theVersionReadIsKept() {
        DevspaceConfig config = parser.parse("version: v1beta10\nimages:\n  app:\n    image: acme/app\n");

        assertThat(config.version()).isEqualTo("v1beta10");
        assertThat(config.converted()).isTrue();
        assertThat(config.versionNote()).isEqualTo("version v1beta10, converted to v2beta1 as DevSpace 6 does");
    }

    @Test
    void aNonStringVersionIsMissingToDevSpace() {
        assertThat(problems("version: 2\nimages: {}\n")).singleElement().asString()
                .startsWith("version: expected a string such as v2beta1, found a number");
    }

    @ParameterizedTest(name = "{0} -> {1} : {2}")
    @CsvSource({
            "docker.io/library/nginx:1.25, nginx, 1.25",
            "docker.io/nginx:1, nginx, 1",
            "library/redis:7, redis, 7",
            "index.docker.io/john/app:v1, john/app, v1",
            "john/app:v1, john/app, v1",
            "ghcr.io/acme/app:v1, ghcr.io/acme/app, v1",
            "localhost:5000/app:dev@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, localhost:5000/app, dev"})
    void aTagIsSplitOffAsAdjustConfigDoes(String reference, String name, String tag) {
        assertThat(ImageReference.tagged(reference)).isEqualTo(new ImageReference.Tagged(name, tag));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"nginx", "localhost:5000/app", "john/App:1", "john/app:-x",
            "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void noTagOrAnInvalidReferenceIsLeftAlone(String reference) {
        assertThat(ImageReference.tagged(reference)).isNull();
    }

    /** Build ids and the skip decision hash the image's JSON; images without the new fields hash as before. */
    @Test
    void theDockerfileFieldsAreLeftOutOfTheJsonWhenUnset() {
        ImageConfig plain = parser.parse("version: v2beta1\nimages:\n  app:\n    image: acme/app\n").image("app").orElseThrow();
        ImageConfig edited = parser.parse("version: v2beta1\nimages:\n  app:\n    image: acme/app\n    cmd: [x]\n"
                + "    appendDockerfileInstructions: [USER app]\n").image("app").orElseThrow();

        assertThat(Json.toString(plain)).doesNotContain("entrypoint", "cmd", "appendDockerfileInstructions");
        assertThat(Json.toString(edited)).contains("\"cmd\":[\"x\"]", "\"appendDockerfileInstructions\":[\"USER app\"]");
        assertThat(Json.mapper().convertValue(Json.mapper().valueToTree(edited), ImageConfig.class)).isEqualTo(edited);
    }

    private List<String> problems(String yaml) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> parser.parse(yaml));
        assertThat(e).as("should be refused:%n%s", yaml).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}
