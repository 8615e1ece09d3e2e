package dev.buildline.coordinator.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.common.policy.RepositoryGrants;
import dev.buildline.common.policy.SecretRef;
import dev.buildline.coordinator.status.StatusHost;
import dev.buildline.coordinator.status.StatusTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepositorySettingsTest {

    private static final String FILE = """
            # BUILDLINE_REPOSITORIES_FILE
            - url: https://github.com/acme/
              vars: {REGISTRY: registry.example.com/acme}
            - url: https://github.com/acme/shop
              configPath: deploy/devspace.yaml
              vars:
                REGISTRY: registry.example.com/shop
                REPLICAS: 3
              profiles: [production, eu]
              env: [AWS_REGION, NOT_SET_ON_THIS_SERVER]
            """;

    private static RepositorySettings parse(String text) {
        return RepositorySettings.parse(text, "repos.yaml", "devspace.yaml",
                Map.of("AWS_REGION", "eu-west-1", "BUILDLINE_GIT_TOKEN", "ghp_secret"), "builds", "kind-ci");
    }

    @Test
    void theLongestUrlPrefixWinsAndOnlyListedEnvironmentIsRead() {
        RepositorySettings settings = parse(FILE);

        RepositorySettings.Entry shop = settings.forRepository("https://github.com/acme/shop.git");
        assertThat(shop.configPath()).isEqualTo("deploy/devspace.yaml");
        assertThat(shop.vars()).isEqualTo(Map.of("REGISTRY", "registry.example.com/shop", "REPLICAS", "3"));
        assertThat(shop.profiles()).containsExactly("production", "eu");
        assertThat(shop.env()).as("listed and set; nothing else of the server's environment")
                .isEqualTo(Map.of("AWS_REGION", "eu-west-1"));

        RepositorySettings.Entry other = settings.forRepository("https://github.com/acme/billing");
        assertThat(other.configPath()).isEqualTo("devspace.yaml");
        assertThat(other.vars()).containsOnlyKeys("REGISTRY");
        assertThat(other.env()).isEmpty();

        assertThat(settings.forRepository("https://gitlab.example.com/x/y").vars()).isEmpty();
        assertThat(settings.namespace()).isEqualTo("builds");
        assertThat(settings.toString()).doesNotContain("registry.example.com", "eu-west-1");
    }

    @Test
    void entriesMatchAsUrlsNotAsStringPrefixes() {
        RepositorySettings settings = parse(FILE);

        assertThat(settings.forRepository("https://github.com/acme/shop-private.git").configPath())
                .as("shop's entry does not cover shop-private").isEqualTo("devspace.yaml");
        assertThat(settings.forRepository("https://github.com/acme/shop-private.git").vars())
                .containsEntry("REGISTRY", "registry.example.com/acme");
        assertThat(settings.forRepository("https://github.com/acme/../acme/shop").configPath())
                .as("a look-alike gets no entry").isEqualTo("devspace.yaml");
        assertThat(settings.forRepository("https://github.com/acme/../acme/shop").vars()).isEmpty();
        assertThat(settings.forRepository("https://GitHub.com:443/acme/shop").configPath())
                .isEqualTo("deploy/devspace.yaml");
        assertThatThrownBy(() -> parse("- url: https://token@github.com/acme/\n"))
                .hasMessageContaining("repos.yaml: [0].url: repository URL https://token@github.com/acme/ is refused: "
                        + "it carries a user name or password");
    }

    @Test
    void aFileThatCannotBeUsedNamesTheEntryAndField() {
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/\n  profile: [x]\n"))
                .hasMessage("repos.yaml: [0].profile: unknown field (known: url, configPath, vars, profiles, env, status, "
                        + "webhookSecretEnv, images, dockerConfig, allow)");
        assertThatThrownBy(() -> parse("- configPath: devspace.yaml\n"))
                .hasMessage("repos.yaml: [0].url: is required (a prefix of repository URLs)");
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/\n  configPath: ../../etc/passwd\n"))
                .hasMessage("repos.yaml: [0].configPath: '../../etc/passwd' must be a path inside the repository");
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/\n  env: [\"$(id)\"]\n"))
                .hasMessage("repos.yaml: [0].env: '$(id)' is not an environment variable name");
        assertThatThrownBy(() -> parse("url: x\n")).hasMessageStartingWith("repos.yaml: expected a list of repositories");
        assertThatThrownBy(() -> parse("- [unclosed\n")).hasMessageStartingWith("repos.yaml: not valid YAML");
    }

    @Test
    void grantsAreReadIntoTheEntry() {
        RepositorySettings settings = parse("""
                - url: https://github.com/acme/shop
                  images: ["registry.example.com/acme/shop/", "registry.example.com/acme/cache:"]
                  dockerConfig: /etc/buildline/registries/acme-shop
                  allow:
                    commands: [["/usr/local/bin/buildx"]]
                    buildxFlags: ["--ssh", "-o"]
                    networks: [host]
                    secrets: {npm: {env: ACME_NPM_TOKEN}, cert: {file: /etc/certs/ca.pem}}
                    builders: [shared-rootless]
                - url: https://github.com/acme/
                """);
        RepositoryGrants shop = settings.forRepository("https://github.com/acme/shop").grants();
        assertThat(shop).isEqualTo(new RepositoryGrants(
                List.of("registry.example.com/acme/shop/", "registry.example.com/acme/cache:"),
                "/etc/buildline/registries/acme-shop",
                new RepositoryGrants.Allow(List.of(List.of("/usr/local/bin/buildx")), List.of("--ssh", "--output"),
                        List.of("host"), Map.of("npm", new SecretRef("ACME_NPM_TOKEN", null),
                        "cert", new SecretRef(null, "/etc/certs/ca.pem")), List.of("shared-rootless"))));
        assertThat(settings.forRepository("https://github.com/acme/other").grants()).isEqualTo(RepositoryGrants.NONE);
    }

    @Test
    void aGrantThatCannotBeEnforcedNamesTheEntryAndField() {
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/u\n  allow: {buildxFlags: [--outptu]}\n"))
                .hasMessage("repos.yaml: [0].allow.buildxFlags: '--outptu' is not a flag of docker buildx build");
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/u\n  allow: {buildxFlags: [--secret]}\n"))
                .hasMessage("repos.yaml: [0].allow.buildxFlags: --secret is granted by allow.secrets, not by buildxFlags");
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/u\n  allow: {sudo: true}\n"))
                .hasMessage("repos.yaml: [0].allow.sudo: unknown field (known: builders, buildxFlags, commands, "
                        + "networks, secrets)");
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/u\n  allow: {secrets: {npm: {value: hunter2}}}\n"))
                .hasMessage("repos.yaml: [0].allow.secrets.npm.value: unknown field (known: env, file)")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/u\n  allow: {secrets: {npm: {file: relative/path}}}\n"))
                .hasMessage("repos.yaml: [0].allow.secrets.npm.file: must be an absolute path");
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/u\n  images: [\"registry.example.com/Acme/\"]\n"))
                .hasMessageStartingWith("repos.yaml: [0].images[0]: 'registry.example.com/Acme/' is no image prefix");
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/u\n  images: [\"*\"]\n"))
                .hasMessage("repos.yaml: [0].images[0]: '*' is not a prefix; list the registries and paths");
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/u\n  dockerConfig: ~/.docker\n"))
                .hasMessageStartingWith("repos.yaml: [0].dockerConfig: '~/.docker' must be an absolute path");
    }

    @Test
    void statusSettingsReadTheTokenFromTheNamedVariableOnlyAndNeverShowIt() {
        RepositorySettings settings = RepositorySettings.parse("""
                - url: https://github.com/acme/
                  status: {host: github, tokenEnv: ACME_STATUS_TOKEN}
                - url: https://gitlab.example.com/group/
                  status:
                    host: gitlab
                    apiUrl: https://gitlab.example.com/api/v4
                    tokenEnv: GITLAB_STATUS_TOKEN
                    project: group/sub/shop
                - url: https://codeberg.org/acme/
                """, "repos.yaml", "devspace.yaml", Map.of("ACME_STATUS_TOKEN", "ghp_hidden"), null, null);

        StatusTarget github = settings.forRepository("https://github.com/acme/shop.git").status();
        assertThat(github.host()).isEqualTo(StatusHost.GITHUB);
        assertThat(github.apiUrl()).isEqualTo("https://api.github.com");
        assertThat(github.token()).isEqualTo("ghp_hidden");
        StatusTarget gitlab = settings.forRepository("https://gitlab.example.com/group/sub/shop.git").status();
        assertThat(gitlab.hasToken()).as("GITLAB_STATUS_TOKEN is not set").isFalse();
        assertThat(gitlab.project()).isEqualTo("group/sub/shop");
        assertThat(settings.forRepository("https://codeberg.org/acme/x").status()).isNull();
        assertThat(settings.toString()).contains("ACME_STATUS_TOKEN").doesNotContain("ghp_hidden");
    }

    @Test
    void statusSettingsThatCannotBeUsedNameTheField() {
        assertThatThrownBy(() -> parse("- url: https://x/\n  status: {host: bitbucket, tokenEnv: T}\n"))
                .hasMessage("repos.yaml: [0].status.host: unknown host 'bitbucket' (known: github, gitlab, gitea, forgejo)");
        assertThatThrownBy(() -> parse("- url: https://x/\n  status: {host: gitea, tokenEnv: T}\n"))
                .hasMessage("repos.yaml: [0].status.apiUrl: is required for gitea (e.g. https://gitea.example.com/api/v1)");
        assertThatThrownBy(() -> parse("- url: https://x/\n  status: {host: github, tokenEnv: ghp_abc-123}\n"))
                .hasMessageStartingWith("repos.yaml: [0].status.tokenEnv: 'ghp_abc-123' is not an environment variable name");
        assertThatThrownBy(() -> parse("- url: https://x/\n  status: {host: github}\n"))
                .hasMessage("repos.yaml: [0].status.tokenEnv: is required");
        assertThatThrownBy(() -> parse("- url: https://x/\n  status: {host: github, tokenEnv: T, token: x}\n"))
                .hasMessage("repos.yaml: [0].status.token: unknown field (known: host, apiUrl, tokenEnv, project)");
        assertThatThrownBy(() -> parse("- url: https://x/\n  status: {host: github, tokenEnv: T, apiUrl: 'file:///etc'}\n"))
                .hasMessage("repos.yaml: [0].status.apiUrl: 'file:///etc' must be an http(s) URL with a host");
    }

    @Test
    void anEmptyFileMeansNoSettings() {
        assertThat(parse("# nothing yet\n").entries()).isEqualTo(List.of());
    }

    @Test
    void aRepositorysOwnWebhookSecretIsReadFromTheNamedVariableAndNeverShown() {
        RepositorySettings settings = RepositorySettings.parse("""
                - url: https://github.com/acme/
                - url: https://github.com/acme/shop
                  webhookSecretEnv: ACME_SHOP_WEBHOOK_SECRET
                """, "repos.yaml", "devspace.yaml", Map.of("ACME_SHOP_WEBHOOK_SECRET", "shop-s3cret"), null, null);

        assertThat(settings.forRepository("https://github.com/acme/shop.git").webhookSecret())
                .isEqualTo(new WebhookSecret("ACME_SHOP_WEBHOOK_SECRET", "shop-s3cret"));
        assertThat(settings.forRepository("https://github.com/acme/billing").webhookSecret()).isNull();
        assertThat(settings.forRepository("https://gitlab.example.com/x/y").webhookSecret()).isNull();
        assertThat(settings.toString()).contains("webhookSecretEnv ACME_SHOP_WEBHOOK_SECRET")
                .doesNotContain("shop-s3cret");
    }

    @Test
    void aWebhookSecretVariableThatIsUnsetOrNoNameStopsTheStartNamingIt() {
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/shop\n  webhookSecretEnv: ACME_SHOP_SECRET\n"))
                .hasMessage("repos.yaml: [0].webhookSecretEnv: ACME_SHOP_SECRET is not set in the coordinator's "
                        + "environment (it holds this repository's webhook secret)");
        assertThatThrownBy(() -> RepositorySettings.parse("- url: https://github.com/acme/shop\n"
                        + "  webhookSecretEnv: BLANK\n", "repos.yaml", "devspace.yaml", Map.of("BLANK", " "), null, null))
                .hasMessageContaining("[0].webhookSecretEnv: BLANK is not set");
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/shop\n  webhookSecretEnv: \"$(id)\"\n"))
                .hasMessage("repos.yaml: [0].webhookSecretEnv: '$(id)' is not an environment variable name");
        assertThatThrownBy(() -> RepositorySettings.parse("- url: https://github.com/acme/shop\n"
                        + "  webhookSecretEnv: SIGNING\n", "repos.yaml", "devspace.yaml", Map.of("SIGNING", "whsec_%%%"),
                null, null))
                .hasMessage("repos.yaml: [0].webhookSecretEnv: SIGNING starts with whsec_ but the rest is not base64 "
                        + "(GitLab's signing key is whsec_<base64>)");
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/shop\n  webhookSecretEnv: [A, B]\n"))
                .hasMessageStartingWith("repos.yaml: [0].webhookSecretEnv: expected a single value");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} covers {1}: {2}")
    @org.junit.jupiter.params.provider.CsvSource({
            "https://github.com/acme/shop,  https://github.com/acme/shop,          true",
            "https://github.com/acme/shop,  https://github.com/acme/shop.git,      true",
            "https://github.com/acme/shop,  https://github.com/acme/shop/sub.git,  true",
            "https://github.com/acme/shop,  https://github.com/acme/shop-copy,     false",
            "https://github.com/acme/shop,  https://github.com/acme/shop.github,   false",
            "https://github.com/acme/shop,  https://github.com/acme/sho,           false",
            "https://github.com/acme/,      https://github.com/acme/anything.git,  true",
            "https://github.com/acme/,      https://github.com/acme-evil/x,        false",
            "https://github.com/acme,       https://github.com/acme-evil/x,        false",
            "https://github.com/acme,       https://github.com/acme/x,             true",
    })
    void anEntryCoversRepositoriesOnPathSegmentBoundaries(String prefix, String url, boolean covered) {
        assertThat(dev.buildline.common.repo.RepoUrl.covers(prefix, url)).isEqualTo(covered);
    }
}
