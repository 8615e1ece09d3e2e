package dev.buildline.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each validation rule of devspace.yaml, as the message a user reads: {@code <YAML path>: <rule> (line N)}. */
class ConfigParserTest {

    private final ConfigParser parser = new ConfigParser();

    private List<String> problems(String yaml) {
        return problems(yaml, "");
    }

    /**
     * The documents here are v2beta1; a document that starts with {@code images} gets {@code version: v2beta1} as its
     * last line, so the lines the messages name are those of the text as written in the test.
     */
    private List<String> problems(String yaml, String configDir) {
        String document = yaml.startsWith("images") ? yaml + "version: v2beta1\n" : yaml;
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> parser.parse(document, configDir));
        assertThat(e).as("devspace.yaml should be rejected:%n%s", yaml).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private static String image(String body) {
        return "images:\n  backend:\n" + body.indent(4);
    }

    @Nested
    class Document {
        @Test
        void notYaml() {
            assertThat(problems("images: [unclosed\n")).singleElement().asString()
                    .startsWith("not valid YAML: ").contains("line 2");
        }

        @Test
        void empty() {
            assertThat(problems("# nothing here\n")).containsExactly("the document is empty");
        }

        @Test
        void notAMapping() {
            assertThat(problems("- images\n")).containsExactly("expected a mapping at the top level, found a list (line 1)");
        }

        @Test
        void imagesNotAMapping() {
            assertThat(problems("images: [backend]\n"))
                    .containsExactly("images: expected a mapping of image names, found a list (line 1)");
        }

        @Test
        void duplicateKey() {
            assertThat(problems(image("image: john/a\nimage: john/b")))
                    .containsExactly("images.backend.image: is defined more than once (line 4)");
        }

        @Test
        void sizeLimit() {
            String big = "# " + "x".repeat(ConfigParser.MAX_BYTES) + "\n";
            assertThat(problems(big)).singleElement().asString().contains("more than the limit of 1048576");
        }

        @Test
        void aliasExplosionIsRefused() {
            StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
            for (int i = 1; i < 10; i++) {
                yaml.append("a").append(i).append(": &a").append(i).append(" [");
                for (int j = 0; j < 10; j++) {
                    yaml.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
                }
                yaml.append("]\n");
            }
            assertThat(problems(yaml.toString())).containsExactly("not valid YAML: more than 50 aliases to lists or "
                    + "mappings; such documents can expand without bound");
        }

        @Test
        void depthLimit() {
            String deep = "images: " + "[".repeat(100) + "]".repeat(100) + "\n";
            assertThat(problems(deep)).containsExactly("not valid YAML: nested more than 64 levels deep");
        }

        @Test
        void everyProblemAtOnce() {
            String yaml = """
                    images:
                      api:
                        image: john/api:-1.0
                        skipPush: maybe
                      web:
                        tags: [".bad"]
                        buildKit:
                          inCluster:
                            nodeSelector: {pool: builders}
                    """;
            assertThat(problems(yaml)).containsExactly(
                    "images.api.image: '-1.0' is not a valid tag (letters, digits, _ . -, at most 128, not starting "
                            + "with . or -) (line 3)",
                    "images.api.skipPush: expected true or false, found a string (line 4)",
                    "images.web.image: is required (line 6)",
                    "images.web.tags[0]: not a valid tag: '.bad' (letters, digits, _ . - and #, at most 128, "
                            + "not starting with . or -) (line 6)",
                    "images.web.buildKit.inCluster.nodeSelector: expected a string, found a mapping (line 9)");
        }
    }

    @Nested
    class ImageEntry {
        @Test
        void keyMustBeADevSpaceName() {
            assertThat(problems("images:\n  My_App:\n    image: john/app\n")).containsExactly(
                    "images.My_App: image keys must match [a-z0-9]([a-z0-9-]*[a-z0-9])? (lowercase letters, digits and '-') (line 2)");
        }


        @Test
        void notAMapping() {
            assertThat(problems("images:\n  backend: john/app\n"))
                    .containsExactly("images.backend: expected a mapping, found a string (line 2)");
        }

        @Test
        void imageIsRequired() {
            assertThat(problems(image("tags: [a]"))).containsExactly("images.backend.image: is required (line 3)");
        }

        @Test
        void aTagInTheImageMustBeValid() {
            assertThat(problems(image("image: localhost:5000/john/app:.latest"))).containsExactly(
                    "images.backend.image: '.latest' is not a valid tag (letters, digits, _ . -, at most 128, not "
                            + "starting with . or -) (line 3)");
        }

        @Test
        void imageMustNotHaveADigest() {
            assertThat(problems(image("image: john/app@sha256:" + "a".repeat(64)))).singleElement().asString()
                    .startsWith("images.backend.image: must not contain a digest (@sha256:");
        }

        @Test
        void imageMustBeLowercase() {
            assertThat(problems(image("image: john/MyApp"))).containsExactly(
                    "images.backend.image: repository name must be lowercase (john/MyApp) (line 3)");
        }

        @Test
        void imagePathComponentsFollowTheGrammar() {
            assertThat(problems(image("image: john/-app"))).singleElement().asString()
                    .startsWith("images.backend.image: '-app' is not a valid path component of an image name");
        }

        @Test
        void imageRegistryHostFollowsTheGrammar() {
            assertThat(problems(image("image: my_registry.com/app"))).containsExactly(
                    "images.backend.image: registry host 'my_registry.com' is not a valid host[:port] (line 3)");
        }

        @Test
        void imageNameLength() {
            assertThat(problems(image("image: john/" + "a".repeat(251)))).containsExactly(
                    "images.backend.image: is longer than 255 characters (line 3)");
        }

        @Test
        void aVariableLeftAfterLoadingHasNoValue() {
            assertThat(problems(image("image: ${REGISTRY}/app"))).containsExactly(
                    "images.backend.image: uses a variable that has no value ('${REGISTRY}/app'): DevSpace leaves an "
                            + "undeclared variable as written; declare it under vars, or give its value in the "
                            + "repository's settings (vars) or with --var NAME=VALUE (line 3)");
        }

        @Test
        void oneDefinitionPerImage() {
            assertThat(problems("images:\n  a:\n    image: john/app\n  b:\n    image: john/app\n")).containsExactly(
                    "images.b.image: 'john/app' is already defined by images.a (DevSpace allows one definition per image) (line 5)");
        }
    }

    @Nested
    class Fields {
        @Test
        void tagsMustBeAList() {
            assertThat(problems(image("image: john/app\ntags: latest")))
                    .containsExactly("images.backend.tags: expected a list of strings, found a string (line 4)");
        }

        @Test
        void tagItemsMustBeStrings() {
            assertThat(problems(image("image: john/app\ntags: [{a: b}]")))
                    .containsExactly("images.backend.tags[0]: expected a string, found a mapping (line 4)");
        }

        @Test
        void tagsFollowTheGrammar() {
            assertThat(problems(image("image: john/app\ntags: [ok, \"" + "x".repeat(129) + "\"]")))
                    .singleElement().asString().startsWith("images.backend.tags[1]: not a valid tag: 'xxx");
        }

        @Test
        void anExpressionLeftAfterLoadingIsNamed() {
            assertThat(problems(image("image: john/app\ntags: [\"$(git rev-parse HEAD)\", \"v-$(date)\"]")))
                    .containsExactly("images.backend.tags[0]: '$(git rev-parse HEAD)' is an expression that was not "
                                    + "evaluated; load the file with its repository (ConfigLoader), which answers git "
                                    + "expressions from the commit (line 4)",
                            "images.backend.tags[1]: 'v-$(date)' holds $(...) inside other text; DevSpace runs an "
                                    + "expression only when it is the whole value, so this stays as written (line 4)");
        }

        @Test
        void dockerfileMustBeAString() {
            assertThat(problems(image("image: john/app\ndockerfile: [a, b]")))
                    .containsExactly("images.backend.dockerfile: expected a string, found a list (line 4)");
        }

        @Test
        void contextMustNotClimbOutOfTheRepository() {
            assertThat(problems(image("image: john/app\ncontext: ../other")))
                    .containsExactly("images.backend.context: '../other' is outside the repository: "
                            + "it climbs out of the repository with '..' (line 4)");
        }

        @Test
        void contextMustNotBeAbsolute() {
            assertThat(problems(image("image: john/app\ncontext: /etc")))
                    .containsExactly("images.backend.context: '/etc' is outside the repository: an absolute path (line 4)");
        }

        @Test
        void dockerfileMustNotLeaveTheRepository() {
            assertThat(problems(image("image: john/app\ndockerfile: ../../Dockerfile")))
                    .containsExactly("images.backend.dockerfile: '../../Dockerfile' is outside the repository: "
                            + "it climbs out of the repository with '..' (line 4)");
        }

        @Test
        void pathsResolveAgainstTheConfigDirectory() {
            String yaml = image("image: john/app\ncontext: ../..\ndockerfile: ../../../Dockerfile");
            assertThat(problems(yaml, "services/api")).containsExactly("images.backend.dockerfile: "
                    + "'../../../Dockerfile' is outside the repository: it climbs out of the repository with '..' (line 5)");
        }

        @Test
        void defaultDockerfileIsCheckedToo() {
            assertThat(problems(image("image: john/app\ncontext: ../x\ndockerfile: /abs/Dockerfile"))).containsExactly(
                    "images.backend.context: '../x' is outside the repository: it climbs out of the repository with '..' (line 4)",
                    "images.backend.dockerfile: '/abs/Dockerfile' is outside the repository: an absolute path (line 5)");
        }

        @Test
        void dockerfileMustNameAFile() {
            assertThat(problems(image("image: john/app\ndockerfile: .")))
                    .containsExactly("images.backend.dockerfile: '.' names the repository root, not a file (line 4)");
        }

        @Test
        void buildArgsMustBeAMapping() {
            assertThat(problems(image("image: john/app\nbuildArgs: [A=1]")))
                    .containsExactly("images.backend.buildArgs: expected a mapping of names to values, found a list (line 4)");
        }

        @Test
        void buildArgValuesMustBeScalars() {
            assertThat(problems(image("image: john/app\nbuildArgs:\n  A: [1, 2]")))
                    .containsExactly("images.backend.buildArgs.A: expected a string, found a list (line 5)");
        }

        @Test
        void skipPushMustBeABoolean() {
            assertThat(problems(image("image: john/app\nskipPush: \"true\"")))
                    .containsExactly("images.backend.skipPush: expected true or false, found a string (line 4)");
        }

        @Test
        void rebuildStrategyIsOneOfThree() {
            assertThat(problems(image("image: john/app\nrebuildStrategy: never"))).containsExactly(
                    "images.backend.rebuildStrategy: expected one of default, always, ignoreContextChanges, found 'never' (line 4)");
        }
    }

    @Nested
    class BuildKit {
        @Test
        void mustBeAMapping() {
            assertThat(problems(image("image: john/app\nbuildKit: true")))
                    .containsExactly("images.backend.buildKit: expected a mapping, found a boolean (line 4)");
        }

        @Test
        void commandMustNameAnExecutable() {
            assertThat(problems(image("image: john/app\nbuildKit:\n  command: []")))
                    .containsExactly("images.backend.buildKit.command: must name an executable as its first item (line 5)");
        }

        @Test
        void argsMustBeAList() {
            assertThat(problems(image("image: john/app\nbuildKit:\n  args: --no-cache")))
                    .containsExactly("images.backend.buildKit.args: expected a list of strings, found a string (line 5)");
        }

        @Test
        void preferMinikubeMustBeABoolean() {
            assertThat(problems(image("image: john/app\nbuildKit:\n  preferMinikube: 0")))
                    .containsExactly("images.backend.buildKit.preferMinikube: expected true or false, found a number (line 5)");
        }

        @Test
        void inClusterMustBeAMapping() {
            assertThat(problems(image("image: john/app\nbuildKit:\n  inCluster: true")))
                    .containsExactly("images.backend.buildKit.inCluster: expected a mapping, found a boolean (line 5)");
        }

        @Test
        void nodeSelectorMustBeAString() {
            String yaml = "images:\n  api:\n    image: john/api\n    buildKit:\n      inCluster:\n"
                    + "        nodeSelector:\n          pool: builders\n";
            assertThat(problems(yaml)).containsExactly(
                    "images.api.buildKit.inCluster.nodeSelector: expected a string, found a mapping (line 7)");
        }

        @Test
        void nodeSelectorIsLabelValuePairs() {
            assertThat(problems(image("image: john/app\nbuildKit:\n  inCluster:\n    nodeSelector: builders")))
                    .containsExactly("images.backend.buildKit.inCluster.nodeSelector: expected label=value pairs "
                            + "separated by commas, found 'builders' (line 6)");
        }

        @Test
        void builderNameIsAKubernetesName() {
            assertThat(problems(image("image: john/app\nbuildKit:\n  inCluster:\n    name: My_Builder")))
                    .singleElement().asString()
                    .startsWith("images.backend.buildKit.inCluster.name: 'My_Builder' is not a valid builder name");
        }

        @Test
        void namespaceIsAKubernetesName() {
            assertThat(problems(image("image: john/app\nbuildKit:\n  inCluster:\n    namespace: Team.A")))
                    .singleElement().asString()
                    .startsWith("images.backend.buildKit.inCluster.namespace: 'Team.A' is not a valid Kubernetes namespace");
        }

        @Test
        void builderImageIsAReference() {
            assertThat(problems(image("image: john/app\nbuildKit:\n  inCluster:\n    image: moby/buildkit:-bad")))
                    .containsExactly("images.backend.buildKit.inCluster.image: not a valid tag: -bad (line 6)");
        }

        @Test
        void rootlessMustBeABoolean() {
            assertThat(problems(image("image: john/app\nbuildKit:\n  inCluster:\n    rootless: sometimes")))
                    .containsExactly("images.backend.buildKit.inCluster.rootless: expected true or false, found a string (line 6)");
        }

        @Test
        void createArgsItemsMustBeStrings() {
            assertThat(problems(image("image: john/app\nbuildKit:\n  inCluster:\n    createArgs: [--bootstrap, ~]")))
                    .containsExactly("images.backend.buildKit.inCluster.createArgs[1]: expected a string, found null (line 6)");
        }
    }
}
