package dev.buildline.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a valid devspace.yaml turns into: DevSpace's defaults, values as written, and warnings with their paths. */
class ConfigParserModelTest {

    private final ConfigParser parser = new ConfigParser();

    @Test
    void defaultsAreDevSpaces() {
        ImageConfig image = parser.parse("version: v2beta1\nimages:\n  app:\n    image: john/app\n").image("app").orElseThrow();

        assertThat(image.dockerfile()).isEqualTo("./Dockerfile");
        assertThat(image.context()).isEqualTo("./");
        assertThat(image.tags()).isEmpty();
        assertThat(image.skipPush()).isFalse();
        assertThat(image.rebuildStrategy()).isEqualTo(RebuildStrategy.DEFAULT);
        assertThat(image.buildKit().command()).containsExactly("docker", "buildx");
        assertThat(image.buildKit().prefersMinikube()).isTrue();
        assertThat(image.inCluster()).isFalse();
    }

    @Test
    void everyFieldIsRead() {
        String yaml = """
                version: v2beta1
                images:
                  api:
                    image: ghcr.io/acme/api
                    tags: [1.10, "v#"]
                    dockerfile: build/Dockerfile
                    context: src
                    buildArgs: {B: 2, A: null, C: yes}
                    target: prod
                    network: host
                    skipPush: true
                    rebuildStrategy: always
                    buildKit:
                      command: [my-buildx]
                      args: [--no-cache]
                      preferMinikube: false
                      inCluster:
                        name: b
                        namespace: ns
                        rootless: true
                        image: moby/buildkit:rootless
                        nodeSelector: a=b
                        noCreate: true
                        noRecreate: true
                        noLoad: true
                        createArgs: [--bootstrap]
                """;
        ImageConfig image = parser.parse(yaml).image("api").orElseThrow();

        assertThat(image.tags()).containsExactly("1.10", "v#");
        assertThat(image.dockerfile()).isEqualTo("build/Dockerfile");
        assertThat(image.context()).isEqualTo("src");
        assertThat(image.buildArgs()).containsEntry("B", "2").containsEntry("A", null).containsEntry("C", "yes");
        assertThat(image.target()).isEqualTo("prod");
        assertThat(image.network()).isEqualTo("host");
        assertThat(image.skipPush()).isTrue();
        assertThat(image.rebuildStrategy()).isEqualTo(RebuildStrategy.ALWAYS);
        assertThat(image.buildKit().command()).containsExactly("my-buildx");
        assertThat(image.buildKit().args()).containsExactly("--no-cache");
        assertThat(image.buildKit().prefersMinikube()).isFalse();
        assertThat(image.buildKit().inCluster()).isEqualTo(new InClusterConfig("b", "ns", true,
                "moby/buildkit:rootless", "a=b", true, true, true, List.of("--bootstrap")));
    }

    @Test
    void emptyInClusterMeansInClusterWithDefaults() {
        ImageConfig image = parser.parse("version: v2beta1\nimages:\n  app:\n    image: john/app\n    buildKit:\n      inCluster: {}\n")
                .image("app").orElseThrow();

        assertThat(image.inCluster()).isTrue();
        assertThat(image.buildKit().inCluster().builderName("team")).isEqualTo("devspace-team");
    }

    @Test
    void mergeKeysApplyWithLocalFieldsWinning() {
        String yaml = """
                version: v2beta1
                images:
                  base:
                    image: john/base
                    tags: &shared [shared]
                    buildArgs: &args {A: "1"}
                  app:
                    <<: {tags: *shared, skipPush: true, buildArgs: *args}
                    image: john/app
                    skipPush: false
                """;
        ImageConfig image = parser.parse(yaml).image("app").orElseThrow();

        assertThat(image.buildArgs()).containsEntry("A", "1");

        assertThat(image.tags()).containsExactly("shared");
        assertThat(image.skipPush()).isFalse();
    }

    @Test
    void imagesKeepTheirOrder() {
        DevspaceConfig config = parser.parse("version: v2beta1\nimages:\n  zeta:\n    image: j/z\n  alpha:\n    image: j/a\n");

        assertThat(config.images().keySet()).containsExactly("zeta", "alpha");
    }

    @Test
    void notAppliedFieldsAreWarnedAboutWithTheirPath() {
        String yaml = """
                version: v2beta1
                deployments: {}
                images:
                  app:
                    image: john/app
                    entrypoint: [sleep]
                    kaniko: {cache: true}
                    injectRestartHelper: true
                """;
        DevspaceConfig config = parser.parse(yaml);

        assertThat(config.image("app").orElseThrow().entrypoint()).containsExactly("sleep");
        assertThat(config.warnings()).containsExactly(
                "images.app.kaniko: not applied by Buildline: images are always built with BuildKit (docker buildx) "
                        + "(DevSpace builds with kaniko in the cluster when neither buildKit nor docker is set, the same "
                        + "Dockerfile, context and options built with docker buildx instead) (line 7)",
                "images.app.injectRestartHelper: not applied by Buildline: it does not inject DevSpace's restart helper "
                        + "(a script for devspace dev), the image keeps the Dockerfile's ENTRYPOINT (line 8)");
    }

    /** DevSpace decodes every version strictly (versions.go:136-144): an unknown field refuses the file. */
    @Test
    void unknownFieldsAreErrorsAsInDevSpace() {
        String yaml = """
                version: v2beta1
                colour: blue
                images:
                  app:
                    image: john/app
                    imageTag: x
                    buildKit:
                      skipPush: true
                      inCluster:
                        replicas: 2
                """;
        InvalidConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidConfigException.class,
                () -> parser.parse(yaml));

        assertThat(e.problems()).map(ConfigProblem::toString).containsExactly(
                "colour: is not a field of the top level in v2beta1; DevSpace refuses the file (\"field colour not "
                        + "found in type latest.Config\") (line 2)",
                "images.app.imageTag: is not a field of an image in v2beta1; DevSpace refuses the file (\"field "
                        + "imageTag not found in type latest.Image\") (line 6)",
                "images.app.buildKit.skipPush: is not a field of buildKit in v2beta1; DevSpace refuses the file "
                        + "(\"field skipPush not found in type latest.BuildKitConfig\") (line 8)",
                "images.app.buildKit.inCluster.replicas: is not a field of buildKit.inCluster in v2beta1; DevSpace "
                        + "refuses the file (\"field replicas not found in type latest.BuildKitInClusterConfig\") (line 10)");
    }

    @Test
    void noImagesIsValidButSaidSo() {
        DevspaceConfig config = parser.parse("version: v2beta1\nname: x\n");

        assertThat(config.images()).isEmpty();
        assertThat(config.warnings()).containsExactly("images: no images defined, nothing to build (line 1)");
    }
}
