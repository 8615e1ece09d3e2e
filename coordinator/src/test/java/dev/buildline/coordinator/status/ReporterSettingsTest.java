package dev.buildline.coordinator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.common.messages.RepoRef;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reporter's settings from the environment, and which project a repository's statuses go to. */
class ReporterSettingsTest {

    @Test
    void defaultsAndTheBackoffDoublingUpToItsCap() {
        ReporterSettings defaults = ReporterSettings.fromEnvironment(Map.of());
        assertThat(defaults.publicUrl()).isNull();
        assertThat(defaults.maxAttempts()).isEqualTo(8);
        assertThat(defaults.maxWait()).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(defaults.backoff(30)).isEqualTo(Duration.ofMinutes(1));

        ReporterSettings set = ReporterSettings.fromEnvironment(Map.of("BUILDLINE_PUBLIC_URL", " https://ci.example.com ",
                "BUILDLINE_STATUS_MAX_ATTEMPTS", "3", "BUILDLINE_STATUS_BACKOFF_MS", "250"));
        assertThat(set.publicUrl()).isEqualTo("https://ci.example.com");
        assertThat(set.maxAttempts()).isEqualTo(3);
        assertThat(set.backoff(2)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aValueThatIsNotAPositiveNumberNamesTheVariable() {
        assertThatThrownBy(() -> ReporterSettings.fromEnvironment(Map.of("BUILDLINE_STATUS_MAX_ATTEMPTS", "0")))
                .hasMessage("BUILDLINE_STATUS_MAX_ATTEMPTS must be a positive number, got 0");
        assertThatThrownBy(() -> ReporterSettings.fromEnvironment(Map.of("BUILDLINE_STATUS_BACKOFF_MS", "soon")))
                .hasMessage("BUILDLINE_STATUS_BACKOFF_MS must be a positive number, got soon");
    }

    @Test
    void theProjectIsTheSettingElseThePushsNameElseTheUrlPath() {
        StatusTarget byName = new StatusTarget(StatusHost.GITLAB, "https://gitlab.com/api/v4", "T", "t", null);
        assertThat(byName.projectOf(new RepoRef("https://gitlab.com/a/b/c.git", "a/b/c"))).isEqualTo("a/b/c");
        assertThat(byName.projectOf(new RepoRef("https://gitlab.com/a/b/c.git", null))).isEqualTo("a/b/c");
        assertThat(byName.projectOf(new RepoRef("https://gitea.example.com/acme/shop", "shop"))).isEqualTo("acme/shop");
        StatusTarget explicit = new StatusTarget(StatusHost.GITLAB, "https://gitlab.com/api/v4", "T", "tok-secret",
                "1234");
        assertThat(explicit.projectOf(new RepoRef("https://gitlab.com/a/b/c.git", "a/b/c"))).isEqualTo("1234");
        assertThat(explicit.toString()).doesNotContain("tok-secret").contains("token from T");
    }
}
