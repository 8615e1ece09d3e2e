package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.app.cli.UsageException;
import dev.buildline.coordinator.intake.RepositorySettings;
import dev.buildline.runtime.kafka.KafkaSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** BUILDLINE_REPOSITORIES_FILE and the worker's variables as the launcher reads them at start. */
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
                        + "vars, profiles, env, status, webhookSecretEnv, images, dockerConfig, allow)");

        Path unset = Files.writeString(dir.resolve("unset.yaml"),
                "- url: https://github.com/acme/shop\n  webhookSecretEnv: ACME_SHOP_WEBHOOK_SECRET\n");
        assertThatThrownBy(() -> Settings.repositories(Map.of("BUILDLINE_REPOSITORIES_FILE", unset.toString())))
                .isInstanceOf(UsageException.class)
                .hasMessage("BUILDLINE_REPOSITORIES_FILE: " + unset + ": [0].webhookSecretEnv: ACME_SHOP_WEBHOOK_SECRET "
                        + "is not set in the coordinator's environment (it holds this repository's webhook secret)");
    }

    @Test
    void theBuildPolicysSettingsAreReadOnceAndWhatCannotBeUsedStopsTheStart() throws Exception {
        Path builders = Files.writeString(dir.resolve("builders.yaml"), "shared:\n  namespace: buildkit\n");
        var policy = Settings.buildPolicy(Map.of("BUILDLINE_ALLOWED_IMAGES", "registry.example.com/acme/, localhost:5000/",
                "BUILDLINE_BUILDERS_FILE", builders.toString()), false);
        assertThat(policy.allowedImages()).containsExactly("registry.example.com/acme/", "localhost:5000/");
        assertThat(policy.builders()).containsOnlyKeys("shared");
        assertThat(policy.allowsEveryImage()).isFalse();
        assertThat(Settings.buildPolicy(Map.of(), true).allowsEveryImage()).isTrue();
        assertThat(Settings.buildPolicy(Map.of(), false).allowsEveryImage()).isFalse();

        assertThatThrownBy(() -> Settings.buildPolicy(Map.of("BUILDLINE_ALLOWED_IMAGES", "registry.example.com/Acme/"),
                false)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("BUILDLINE_ALLOWED_IMAGES[0]: 'registry.example.com/Acme/' is no image prefix");
        Path granted = Files.writeString(dir.resolve("granted.yaml"),
                "- url: https://github.com/acme/u\n  allow: {builders: [missing]}\n");
        assertThatThrownBy(() -> Settings.repositories(Map.of("BUILDLINE_REPOSITORIES_FILE", granted.toString(),
                "BUILDLINE_BUILDERS_FILE", builders.toString()))).isInstanceOf(UsageException.class)
                .hasMessage("BUILDLINE_REPOSITORIES_FILE: https://github.com/acme/u: allow.builders names 'missing', which "
                        + "BUILDLINE_BUILDERS_FILE does not define");
    }

    @Test
    void theWorkersPackCacheIsAVariableInMebibytesAndANonsenseValueStopsTheStart() {
        KafkaSettings kafka = KafkaSettings.plaintext("127.0.0.1:9092");
        assertThat(Settings.worker(1, Map.of(), kafka, dir, Requests.KEY).gitPackCacheBytes()).isEqualTo(256L << 20);
        assertThat(Settings.worker(1, Map.of("BUILDLINE_GIT_PACK_CACHE_MB", "64"), kafka, dir, Requests.KEY)
                .gitPackCacheBytes()).isEqualTo(64L << 20);
        assertThatThrownBy(() -> Settings.worker(1, Map.of("BUILDLINE_GIT_PACK_CACHE_MB", "0"), kafka, dir,
                Requests.KEY))
                .isInstanceOf(UsageException.class)
                .hasMessage("BUILDLINE_GIT_PACK_CACHE_MB must be from 1 to 1048576, got 0");
    }
}
