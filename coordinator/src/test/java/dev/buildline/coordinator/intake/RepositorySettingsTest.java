package dev.buildline.coordinator.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void aFileThatCannotBeUsedNamesTheEntryAndField() {
        assertThatThrownBy(() -> parse("- url: https://github.com/acme/\n  profile: [x]\n"))
                .hasMessage("repos.yaml: [0].profile: unknown field (known: url, configPath, vars, profiles, env)");
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
    void anEmptyFileMeansNoSettings() {
        assertThat(parse("# nothing yet\n").entries()).isEqualTo(List.of());
    }
}
