package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.app.cli.UsageException;
import dev.buildline.coordinator.intake.RepositorySettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BUILDLINE_REPOSITORIES_FILE as the launcher reads it at start. */
class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void theRepositoriesFileIsReadOnceWithTheListedEnvironmentOnly() throws Exception {
        Path file = Files.writeString(dir.resolve("repositories.yaml"),
                "- url: https://github.com/acme/shop\n  vars: {REGISTRY: r.example.com}\n  env: [AWS_REGION]\n");

        RepositorySettings settings = Settings.repositories(Map.of("BUILDLINE_REPOSITORIES_FILE", file.toString(),
                "AWS_REGION", "eu-west-1", "BUILDLINE_GIT_TOKEN", "ghp_secret", "BUILDLINE_NAMESPACE", "builds",
                "BUILDLINE_CONFIG_PATH", "deploy/devspace.yaml"));

        RepositorySettings.Entry shop = settings.forRepository("https://github.com/acme/shop");
        assertThat(shop.env()).isEqualTo(Map.of("AWS_REGION", "eu-west-1"));
        assertThat(shop.configPath()).isEqualTo("deploy/devspace.yaml");
        assertThat(settings.namespace()).isEqualTo("builds");
        assertThat(settings.forRepository("https://github.com/other/x").vars()).isEmpty();
    }

    @Test
    void aFileThatCannotBeUsedStopsTheStartNamingIt() throws Exception {
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> Settings.repositories(Map.of("BUILDLINE_REPOSITORIES_FILE", missing.toString())))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("BUILDLINE_REPOSITORIES_FILE: cannot read " + missing);

        Path bad = Files.writeString(dir.resolve("bad.yaml"), "- url: https://github.com/acme/\n  var: {A: b}\n");
        assertThatThrownBy(() -> Settings.repositories(Map.of("BUILDLINE_REPOSITORIES_FILE", bad.toString())))
                .isInstanceOf(UsageException.class)
                .hasMessage("BUILDLINE_REPOSITORIES_FILE: " + bad + ": [0].var: unknown field (known: url, configPath, "
                        + "vars, profiles, env, status)");
    }
}
