package dev.buildline.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.config.BuildKitConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InClusterConfig;
import dev.buildline.common.messages.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Given a repository's grants, when an image asks for something, then it is allowed or refused with its path. */
class BuildPolicyTest {

    private static final RepositoryGrants PLAIN = new RepositoryGrants(List.of("127.0.0.1:5000/acme/shop/"), null,
            null);
    private static final BuilderProfile SHARED = new BuilderProfile("shared", "buildkit", "moby/buildkit:rootless",
            true, "pool=builders", List.of("--driver-opt=requests.cpu=1"), 2);

    /** Args separated by ' ' (each one item); the refusal expected, or empty when allowed. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            // the default list
            "--label org.opencontainers.image.source=x||",
            "--label=a=b --annotation index:a=b||",
            "--platform linux/amd64 --platform=linux/arm64||",
            "--progress=plain --no-cache --pull --no-cache-filter base||",
            "--provenance=mode=max --sbom true||",
            "--network none --network=default||",
            "--cache-from 127.0.0.1:5000/acme/shop/cache:main||",
            "--cache-to type=registry,ref=127.0.0.1:5000/acme/shop/cache,mode=max||",
            "--cache-from=type=registry,ref=127.0.0.1:5000/acme/shop/app:latest||",
            "--label --output=type=local,dest=/tmp/x||",
            // the attacks and their other spellings
            "--output type=local,dest=/tmp/pwn|[0]: flag --output|allow.buildxFlags: [\"--output\"]",
            "-o type=local,dest=/tmp/pwn|[0]: flag --output|allow.buildxFlags: [\"--output\"]",
            "-otype=local,dest=/tmp/pwn|[0]: flag --output|allow.buildxFlags: [\"--output\"]",
            "-o=type=local,dest=/tmp/pwn|[0]: flag --output|allow.buildxFlags: [\"--output\"]",
            "-qo type=tar,dest=-|[0]: flag --quiet|allow.buildxFlags: [\"--quiet\"]",
            "--secret id=s,src=/etc/shadow|[0]: --secret with a source the repository chooses (only id=NAME is accepted)|allow.secrets (the server gives the value)",
            "--secret=id=s,env=BUILDLINE_GIT_TOKEN|[0]: --secret with a source the repository chooses (only id=NAME is accepted)|allow.secrets (the server gives the value)",
            "--secret id=npm|[0]: --secret id='npm'|allow.secrets",
            "--metadata-file /tmp/meta.json|[0]: flag --metadata-file|allow.buildxFlags: [\"--metadata-file\"]",
            "--iidfile=/tmp/iid|[0]: flag --iidfile|allow.buildxFlags: [\"--iidfile\"]",
            "--tag other/team:latest|[0]: flag --tag|allow.buildxFlags: [\"--tag\"]",
            "-tother/team|[0]: flag --tag|allow.buildxFlags: [\"--tag\"]",
            "--builder other-team|[0]: flag --builder (the server chooses the builder)|allow.builders with buildKit.inCluster.name",
            "--network host|[0]: network 'host'|allow.networks",
            "--network=container:abc|[0]: network 'container:abc'|allow.networks",
            "--build-context x=/etc|[0]: flag --build-context|allow.buildxFlags: [\"--build-context\"]",
            "--allow security.insecure|[0]: flag --allow|allow.buildxFlags: [\"--allow\"]",
            "--ssh default|[0]: flag --ssh|allow.buildxFlags: [\"--ssh\"]",
            "--push|[0]: flag --push|allow.buildxFlags: [\"--push\"]",
            "--load|[0]: flag --load|allow.buildxFlags: [\"--load\"]",
            "--file /etc/passwd|[0]: flag --file|allow.buildxFlags: [\"--file\"]",
            "--cache-to type=local,dest=/tmp/cache|[0]: value of --cache-to with type='local' (only type=registry under the repository's image prefixes)|allow.buildxFlags: [\"--cache-to\"]",
            "--cache-from type=gha|[0]: value of --cache-from with type='gha' (only type=registry under the repository's image prefixes)|allow.buildxFlags: [\"--cache-from\"]",
            "--cache-to other/team:cache|[0]: image name docker.io/other/team (not under [127.0.0.1:5000/acme/shop/])|images in the repository's BUILDLINE_REPOSITORIES_FILE entry (or BUILDLINE_ALLOWED_IMAGES)",
            "--cache-to type=registry,ref=127.0.0.1:5000/acme/shop2/c|[0]: image name 127.0.0.1:5000/acme/shop2/c (not under [127.0.0.1:5000/acme/shop/])|images in the repository's BUILDLINE_REPOSITORIES_FILE entry (or BUILDLINE_ALLOWED_IMAGES)",
            "--cache-to \"type=local,dest=/x\"|[0]: value of --cache-to that is not plain key=value pairs (no quotes, each key once)|",
            "--cache-to type=registry,type=local,dest=/x|[0]: value of --cache-to that is not plain key=value pairs (no quotes, each key once)|",
            "--cache-to TYPE=local,dest=/x|[0]: value of --cache-to with type='local' (only type=registry under the repository's image prefixes)|allow.buildxFlags: [\"--cache-to\"]",
            "--cache-to type=registry,ref=127.0.0.1:5000/acme/shop/c,dest=/x|[0]: value of --cache-to with 'dest'=|allow.buildxFlags: [\"--cache-to\"]",
            "--οutput=type=local,dest=/x|[0]: flag '--\\u03bfutput' (buildx build has no such flag)|",
            "--debug|[0]: flag '--debug' (buildx build has no such flag)|",
            "--out=type=local,dest=/x|[0]: flag '--out' (buildx build has no such flag)|",
            "/etc|[0]: an argument that is no flag (a second build context)|",
            "--no-cache --iidfile|[1]: flag --iidfile without a value (it would take the build context '-')|",
            "-- /|[0]: '--' ends buildx's flags|"})
    void buildKitArgs(String args, String refusal, String grantedBy) {
        List<String> items = args == null ? List.of() : Arrays.asList(args.split(" "));
        ImageConfig image = image("127.0.0.1:5000/acme/shop/app", null, items, null);
        PolicyDecision decision = BuildPolicy.check("app", image, PLAIN, Map.of());
        if (refusal == null) {
            assertThat(decision).isEqualTo(new PolicyDecision.Allowed(image));
        } else {
            String path = refusal.substring(0, refusal.indexOf(':'));
            assertThat(((PolicyDecision.Refused) decision).refusals()).first().isEqualTo(new Refusal(
                    "images.app.buildKit.args" + path, refusal.substring(refusal.indexOf(": ") + 2), grantedBy));
        }
    }

    @Test
    void everyRefusalOfAnImageIsNamedAndNoValueIsShown() {
        ImageConfig image = image("other/team", List.of("sh", "-c", "id; env"), List.of("--label", "x=1",
                "--output", "type=local,dest=/srv/secret-dir", "--secret", "id=s,src=/etc/shadow"), "host");
        PolicyDecision.Refused refused = (PolicyDecision.Refused) BuildPolicy.check("app", image, PLAIN, Map.of());
        assertThat(refused.refusals()).extracting(Refusal::path).containsExactly("images.app.image",
                "images.app.buildKit.command", "images.app.network", "images.app.buildKit.args[2]",
                "images.app.buildKit.args[4]");
        assertThat(refused.refusals().toString()).doesNotContain("/srv/secret-dir", "/etc/shadow", "id; env");
    }

    @Test
    void grantsOpenWhatTheyName() {
        RepositoryGrants grants = new RepositoryGrants(List.of("127.0.0.1:5000/acme/shop/"), null,
                new RepositoryGrants.Allow(List.of(List.of("/usr/local/bin/buildx")), List.of("--ssh", "--tag"),
                        List.of("host"), Map.of("npm", new SecretRef("NPM_TOKEN", null)), List.of()));
        ImageConfig image = image("127.0.0.1:5000/acme/shop/app", List.of("/usr/local/bin/buildx"),
                List.of("--ssh", "default", "--secret", "id=npm", "-t", "127.0.0.1:5000/acme/shop/app:extra"), "host");
        assertThat(BuildPolicy.check("app", image, grants, Map.of())).isEqualTo(new PolicyDecision.Allowed(image));
        ImageConfig otherTag = image("127.0.0.1:5000/acme/shop/app", null, List.of("-t", "127.0.0.1:5000/x/app"), null);
        assertThat(((PolicyDecision.Refused) BuildPolicy.check("app", otherTag, grants, Map.of())).refusals())
                .extracting(Refusal::path).containsExactly("images.app.buildKit.args[0]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "127.0.0.1:5000/acme/shop/app, ",
            "127.0.0.1:5000/acme/shop2/app, image name 127.0.0.1:5000/acme/shop2/app (not under [127.0.0.1:5000/acme/shop/])",
            "127.0.0.1:5000/acme/shop, image name 127.0.0.1:5000/acme/shop (not under [127.0.0.1:5000/acme/shop/])",
            "127.0.0.1:5001/acme/shop/app, image name 127.0.0.1:5001/acme/shop/app (not under [127.0.0.1:5000/acme/shop/])",
            "acme/shop/app, image name docker.io/acme/shop/app (not under [127.0.0.1:5000/acme/shop/])"})
    void imageNames(String name, String refusal) {
        PolicyDecision decision = BuildPolicy.check("app", image(name, null, List.of(), null), PLAIN, Map.of());
        if (refusal == null) {
            assertThat(decision).isInstanceOf(PolicyDecision.Allowed.class);
        } else {
            assertThat(((PolicyDecision.Refused) decision).refusals()).containsExactly(
                    new Refusal("images.app.image", refusal, BuildPolicy.IMAGES_GRANT));
        }
    }

    @Test
    void withoutAnyImagePrefixBothSettingsAreNamed() {
        PolicyDecision.Refused refused = (PolicyDecision.Refused) BuildPolicy.check("app",
                image("acme/app", null, List.of(), null), RepositoryGrants.NONE, Map.of());
        assertThat(refused.refusals().get(0).message()).isEqualTo("images.app.image: an image name with no image "
                + "prefix configured for this repository is not allowed; granted by images in the repository's "
                + "BUILDLINE_REPOSITORIES_FILE entry (or BUILDLINE_ALLOWED_IMAGES)");
        assertThat(BuildPolicy.check("app", image("anyone/app", null, List.of(), null),
                RepositoryGrants.NONE.withImages(List.of("*")), Map.of())).isInstanceOf(PolicyDecision.Allowed.class);
    }

    @Test
    void aGrantedBuilderIsBuiltWithTheProfilesValues() {
        RepositoryGrants grants = new RepositoryGrants(PLAIN.images(), null, new RepositoryGrants.Allow(null, null,
                null, null, List.of("shared")));
        ImageConfig image = inCluster(new InClusterConfig("shared", null, false, null, null, false, false, true, null));
        PolicyDecision.Allowed allowed = (PolicyDecision.Allowed) BuildPolicy.check("app", image, grants,
                Map.of("shared", SHARED));
        assertThat(allowed.config().buildKit().inCluster()).isEqualTo(new InClusterConfig("shared", "buildkit", true,
                "moby/buildkit:rootless", "pool=builders", false, false, true,
                List.of("--driver-opt=requests.cpu=1", "--driver-opt=replicas=2")));
        ImageConfig equal = inCluster(new InClusterConfig("shared", "buildkit", true, "moby/buildkit:rootless",
                "pool=builders", false, false, false, List.of("--driver-opt=requests.cpu=1")));
        assertThat(BuildPolicy.check("app", equal, grants, Map.of("shared", SHARED)))
                .isInstanceOf(PolicyDecision.Allowed.class);
    }

    @Test
    void anUngrantedOrChangedBuilderIsRefused() {
        RepositoryGrants grants = new RepositoryGrants(PLAIN.images(), null, new RepositoryGrants.Allow(null, null,
                null, null, List.of("shared")));
        Map<String, BuilderProfile> builders = Map.of("shared", SHARED, "other", SHARED);
        assertThat(refusals(inCluster(new InClusterConfig("other", null, false, null, null, false, false, false,
                null)), grants, builders)).containsExactly(new Refusal("images.app.buildKit.inCluster.name",
                "in-cluster builder 'other'", "allow.builders"));
        assertThat(refusals(inCluster(new InClusterConfig(null, null, false, null, null, false, false, false, null)),
                grants, builders)).extracting(Refusal::path).containsExactly("images.app.buildKit.inCluster.name");
        assertThat(refusals(inCluster(new InClusterConfig("shared", "kube-system", false, "evil/buildkit", "x=y",
                false, false, false, List.of("--driver-opt=serviceaccount=admin"))), grants, builders))
                .extracting(Refusal::path).containsExactly("images.app.buildKit.inCluster.namespace",
                        "images.app.buildKit.inCluster.image", "images.app.buildKit.inCluster.nodeSelector",
                        "images.app.buildKit.inCluster.createArgs");
    }

    @Test
    void aWholeFileIsRefusedWhenOneImageIs() {
        ImageConfig good = image("127.0.0.1:5000/acme/shop/app", null, List.of(), null);
        ImageConfig bad = new ImageConfig("worker", "other/team", null, null, null, null, null, null, false, null,
                null);
        BuildPolicy.FileDecision decision = BuildPolicy.checkAll(List.of(good, bad), PLAIN, Map.of());
        assertThat(decision.allowed()).isEmpty();
        assertThat(decision.refusals()).extracting(Refusal::path).containsExactly("images.worker.image");
        assertThat(BuildPolicy.checkAll(List.of(good), PLAIN, Map.of()).allowed()).containsEntry("app", good);
    }

    @Test
    void grantsTravelAsJsonWithReferencesOnly() {
        RepositoryGrants grants = new RepositoryGrants(List.of("registry.example.com/acme/shop/"), "/etc/dc",
                new RepositoryGrants.Allow(List.of(List.of("/usr/local/bin/buildx")), List.of("--ssh"),
                        List.of("host"), Map.of("npm", new SecretRef("NPM_TOKEN", null)), List.of("shared")));
        String json = Json.toString(grants);
        assertThat(json).isEqualTo("{\"images\":[\"registry.example.com/acme/shop/\"],\"dockerConfig\":\"/etc/dc\","
                + "\"allow\":{\"commands\":[[\"/usr/local/bin/buildx\"]],\"buildxFlags\":[\"--ssh\"],"
                + "\"networks\":[\"host\"],\"secrets\":{\"npm\":{\"env\":\"NPM_TOKEN\"}},\"builders\":[\"shared\"]}}");
        assertThat(Json.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), RepositoryGrants.class)).isEqualTo(grants);
    }

    private static List<Refusal> refusals(ImageConfig image, RepositoryGrants grants,
                                          Map<String, BuilderProfile> builders) {
        return ((PolicyDecision.Refused) BuildPolicy.check("app", image, grants, builders)).refusals();
    }

    private static ImageConfig inCluster(InClusterConfig inCluster) {
        return new ImageConfig("app", "127.0.0.1:5000/acme/shop/app", null, null, null, null, null, null, false,
                null, new BuildKitConfig(null, null, null, inCluster));
    }

    private static ImageConfig image(String name, List<String> command, List<String> args, String network) {
        return new ImageConfig("app", name, null, null, null, null, null, network, false, null,
                new BuildKitConfig(command, args, null, null));
    }
}
