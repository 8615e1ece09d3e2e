package dev.buildline.coordinator.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the reporter does with each kind of answer (pure). */
class HostAnswerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final ReporterSettings SETTINGS = new ReporterSettings(null, 4, Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofMinutes(10));

    private static HostAnswer answer(StatusHost host, int status, Map<String, String> headers, String body, int attempt) {
        return HostAnswer.of(host, status, headers::get, body, attempt, NOW, SETTINGS);
    }

    @Test
    void createdIsPostedAnd5xxIsRetriedWithADoublingBackoffUpToTheLimit() {
        assertThat(answer(StatusHost.GITHUB, 201, Map.of(), "{}", 1)).isEqualTo(new HostAnswer.Done("posted"));
        assertThat(((HostAnswer.Retry) answer(StatusHost.GITHUB, 502, Map.of(), "", 1)).delay()).hasSeconds(1);
        assertThat(((HostAnswer.Retry) answer(StatusHost.GITHUB, 502, Map.of(), "", 2)).delay()).hasSeconds(2);
        assertThat(((HostAnswer.Retry) answer(StatusHost.GITHUB, 503, Map.of(), "", 3)).delay()).hasSeconds(4);
        assertThat(answer(StatusHost.GITHUB, 502, Map.of(), "bad gateway", 4)).isInstanceOfSatisfying(
                HostAnswer.GiveUp.class, g -> assertThat(g.detail()).isEqualTo("no success in 4 tries, last HTTP 502: bad gateway"));
    }

    @Test
    void githubsRateLimitWaitsUntilItsResetAndRetryAfterWins() {
        long reset = NOW.plusSeconds(90).getEpochSecond();
        HostAnswer primary = answer(StatusHost.GITHUB, 403, Map.of("x-ratelimit-remaining", "0",
                "x-ratelimit-reset", String.valueOf(reset)), RecordingHost.fixture("github-rate-limited.json"), 1);
        assertThat(primary).isInstanceOfSatisfying(HostAnswer.Retry.class, r -> {
            assertThat(r.reason()).isEqualTo("rate_limited");
            assertThat(r.delay()).isEqualTo(Duration.ofSeconds(91));
        });
        HostAnswer secondary = answer(StatusHost.GITHUB, 403, Map.of("retry-after", "30"), "{}", 1);
        assertThat(((HostAnswer.Retry) secondary).delay()).hasSeconds(30);
        HostAnswer gitlab = answer(StatusHost.GITLAB, 429, Map.of("ratelimit-remaining", "0",
                "ratelimit-reset", String.valueOf(NOW.plusSeconds(10).getEpochSecond())), "Retry later", 1);
        assertThat(((HostAnswer.Retry) gitlab).delay()).hasSeconds(11);
        assertThat(((HostAnswer.Retry) answer(StatusHost.GITEA, 503,
                Map.of("retry-after", "Tue, 01 Dec 2026 10:00:07 GMT"), "", 1)).delay()).hasSeconds(7);
    }

    @Test
    void aRateLimitLongerThanTheLongestWaitIsGivenUp() {
        HostAnswer answer = answer(StatusHost.GITHUB, 429, Map.of("retry-after", "3600"), "", 1);
        assertThat(answer).isInstanceOfSatisfying(HostAnswer.GiveUp.class,
                g -> assertThat(g.reason()).isEqualTo("rate_limit_too_long"));
    }

    @Test
    void other4xxAreGivenUpAtOnceButAForbiddenWithoutRateLimitIsNotARateLimit() {
        assertThat(answer(StatusHost.GITHUB, 401, Map.of(), RecordingHost.fixture("github-bad-credentials.json"), 1))
                .isInstanceOfSatisfying(HostAnswer.GiveUp.class, g -> {
                    assertThat(g.reason()).isEqualTo("401");
                    assertThat(g.detail()).startsWith("HTTP 401: {").contains("Bad credentials");
                });
        assertThat(answer(StatusHost.GITHUB, 403, Map.of("x-ratelimit-remaining", "4999"), "{}", 1))
                .isInstanceOf(HostAnswer.GiveUp.class);
        assertThat(answer(StatusHost.GITHUB, 422, Map.of(), "{}", 1)).isInstanceOf(HostAnswer.GiveUp.class);
    }

    @Test
    void gitlabsCannotTransitionMeansItShowsThatStateAlready() {
        assertThat(answer(StatusHost.GITLAB, 400, Map.of(), RecordingHost.fixture("gitlab-cannot-transition.json"), 1))
                .isEqualTo(new HostAnswer.Done("unchanged"));
        assertThat(answer(StatusHost.GITHUB, 400, Map.of(), "Cannot transition status", 1))
                .isInstanceOf(HostAnswer.GiveUp.class);
    }
}
