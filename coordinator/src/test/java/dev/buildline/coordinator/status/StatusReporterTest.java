package dev.buildline.coordinator.status;

import static dev.buildline.coordinator.status.Events.SHA;
import static dev.buildline.coordinator.status.Events.event;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.coordinator.intake.RepositorySettings;
import dev.buildline.coordinator.status.RecordingHost.Received;
import dev.buildline.coordinator.status.RecordingHost.Reply;
import dev.buildline.coordinator.status.StatusReporter.Delivery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The reporter against local HTTP servers that answer as GitHub, GitLab and Gitea do, recording every request: the
 * paths, auth headers and bodies of a build's statuses per image, retries, give-ups, rate limits, one request per
 * context in flight, and tokens that never reach a log line.
 */
class StatusReporterTest {

    private static final String GITHUB_TOKEN = "ghp_" + "s3cr3tGithubToken0123456789";
    private static final String GITLAB_TOKEN = "glpat-" + "s3cr3tGitlabToken";
    private static final String GITEA_TOKEN = "gitea" + "s3cr3tToken42";
    private static final String PUBLIC = "https://buildline.example.com";
    private static final RepoRef GITHUB_REPO = new RepoRef("https://github.com/acme/shop.git", "acme/shop");
    private static final RepoRef GITLAB_REPO = new RepoRef("https://gitlab.example.com/group/sub/shop.git",
            "group/sub/shop");
    private static final RepoRef GITEA_REPO = new RepoRef("https://gitea.example.com/acme/shop.git", "acme/shop");

    private Vertx vertx;
    private final List<RecordingHost> hosts = new ArrayList<>();
    private final List<StatusReporter> reporters = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger statusLogger;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        statusLogger = (Logger) LoggerFactory.getLogger("dev.buildline.coordinator.status");
        statusLogger.setLevel(Level.DEBUG);
        logs.start();
        statusLogger.addAppender(logs);
    }

    @AfterEach
    void stop() {
        reporters.forEach(r -> r.close().await());
        hosts.forEach(RecordingHost::close);
        vertx.close().await();
        statusLogger.detachAppender(logs);
        // whatever a test did, no log line of it may show a token
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains(GITHUB_TOKEN) || line.contains(GITLAB_TOKEN)
                        || line.contains(GITEA_TOKEN));
    }

    private RecordingHost host(String createdFixture) {
        RecordingHost host = RecordingHost.start(vertx, Reply.of(201, createdFixture));
        hosts.add(host);
        return host;
    }

    /** A reporter for the repositories under https://github.com/acme/, posting to {@code apiUrl} with ACME_TOKEN. */
    private StatusReporter githubReporter(String apiUrl) {
        return reporter("""
                - url: https://github.com/acme/
                  status: {host: github, apiUrl: %s, tokenEnv: ACME_TOKEN}
                """.formatted(apiUrl), Map.of("ACME_TOKEN", GITHUB_TOKEN));
    }

    private StatusReporter reporter(String yaml, Map<String, String> env) {
        return reporter(yaml, env, Duration.ofMillis(20));
    }

    private StatusReporter reporter(String yaml, Map<String, String> env, Duration backoff) {
        RepositorySettings repositories = RepositorySettings.parse(yaml, "repos.yaml", "devspace.yaml", env, null,
                null);
        StatusReporter reporter = new StatusReporter(vertx, repositories,
                new ReporterSettings(PUBLIC, 3, backoff, Duration.ofSeconds(1), Duration.ofMinutes(1)),
                new StatusMeters(registry), Clock.systemUTC());
        reporters.add(reporter);
        return reporter;
    }

    @Test
    void aRetryAnnouncedAfterTheBuildsFirstEndIsNotPosted() throws Exception {
        // a worker gave up waiting for its succeeded, which Kafka still took, and announced attempt 2 after it: the
        // commit showed pending for a pushed image
        RecordingHost github = host("github-created.json");
        StatusReporter reporter = githubReporter(github.url("/api/v3"));
        assertThat(done(reporter.report(event(GITHUB_REPO, "b1", "web", BuildStatus.SUCCEEDED, 1, null))))
                .isEqualTo(Delivery.POSTED);

        assertThat(done(reporter.report(event(GITHUB_REPO, "b1", "web", BuildStatus.QUEUED, 2, "attempt 1 failed the "
                + "worker; retrying in 1 s: build event succeeded of b1 not acknowledged")))).isEqualTo(Delivery.STALE);
        assertThat(done(reporter.report(event(GITHUB_REPO, "b1", "web", BuildStatus.FAILED, 2, "x"))))
                .isEqualTo(Delivery.STALE);
        assertThat(states(github.receivedFor("buildline/web"))).containsExactly("success");
    }

    private static Delivery done(CompletionStage<Delivery> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    private static List<String> states(List<Received> requests) {
        return requests.stream().map(r -> r.json().path("state").asText()).toList();
    }

    private double count(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aBuildsEventsPostOneStatusSequencePerImageToGithubEnterprise() throws Exception {
        RecordingHost github = host("github-created.json");
        StatusReporter reporter = githubReporter(github.url("/api/v3"));

        List<BuildEvent> build = List.of(
                event(GITHUB_REPO, "b-web", "web", BuildStatus.QUEUED),
                event(GITHUB_REPO, "b-api", "api", BuildStatus.QUEUED),
                event(GITHUB_REPO, "b-web", "web", BuildStatus.RUNNING),
                event(GITHUB_REPO, "b-api", "api", BuildStatus.RUNNING),
                event(GITHUB_REPO, "b-web", "web", BuildStatus.SUCCEEDED),
                event(GITHUB_REPO, "b-api", "api", BuildStatus.FAILED, 1, "buildx exited with code 1\n#5 ERROR: x"));
        for (BuildEvent event : build) {
            assertThat(done(reporter.report(event))).isEqualTo(Delivery.POSTED);
        }

        List<Received> web = github.receivedFor("buildline/web");
        List<Received> api = github.receivedFor("buildline/api");
        assertThat(states(web)).containsExactly("pending", "pending", "success");
        assertThat(states(api)).containsExactly("pending", "pending", "failure");
        assertThat(github.received()).hasSize(6).allSatisfy(request -> {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.uri()).isEqualTo("/api/v3/repos/acme/shop/statuses/" + SHA);
            assertThat(request.header("Authorization")).isEqualTo("Bearer " + GITHUB_TOKEN);
            assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
        });
        assertThat(web.get(2).json().path("target_url").asText()).isEqualTo(PUBLIC + "/builds/b-web");
        assertThat(web.get(1).json().path("description").asText()).isEqualTo("Building on worker-1");
        assertThat(web.get(2).json().path("description").asText()).isEqualTo("Built in 3 s, pushed sha256:4c2f00aa11bb");
        assertThat(api.get(2).json().path("description").asText()).isEqualTo("buildx exited with code 1");
        assertThat(count("buildline.commit.statuses", "host", "github", "outcome", "posted")).isEqualTo(6);
    }

    @Test
    void gitlabGetsTheEncodedProjectPathItsTokenHeaderAndItsOwnStates() throws Exception {
        RecordingHost gitlab = host("gitlab-created.json");
        StatusReporter reporter = reporter("""
                - url: https://gitlab.example.com/
                  status: {host: gitlab, apiUrl: %s, tokenEnv: GL_TOKEN}
                """.formatted(gitlab.url("/api/v4")), Map.of("GL_TOKEN", GITLAB_TOKEN));

        for (BuildStatus status : List.of(BuildStatus.QUEUED, BuildStatus.RUNNING, BuildStatus.CANCELLED)) {
            assertThat(done(reporter.report(event(GITLAB_REPO, "b1", "web", status)))).isEqualTo(Delivery.POSTED);
        }

        List<Received> requests = gitlab.received();
        assertThat(states(requests)).containsExactly("pending", "running", "canceled");
        assertThat(requests).allSatisfy(request -> {
            assertThat(request.uri()).isEqualTo("/api/v4/projects/group%2Fsub%2Fshop/statuses/" + SHA);
            assertThat(request.header("PRIVATE-TOKEN")).isEqualTo(GITLAB_TOKEN);
            assertThat(request.header("Authorization")).isNull();
            assertThat(request.json().path("name").asText()).isEqualTo("buildline/web");
            assertThat(request.json().path("ref").asText()).isEqualTo("main");
            assertThat(request.json().path("target_url").asText()).isEqualTo(PUBLIC + "/builds/b1");
        });
    }

    @Test
    void giteaGetsTheTokenSchemeAndAWarningForASupersededBuild() throws Exception {
        RecordingHost gitea = host("gitea-created.json");
        StatusReporter reporter = reporter("""
                - url: https://gitea.example.com/acme/shop
                  status: {host: forgejo, apiUrl: %s, tokenEnv: GITEA_TOKEN}
                """.formatted(gitea.url("/api/v1")), Map.of("GITEA_TOKEN", GITEA_TOKEN));

        done(reporter.report(event(GITEA_REPO, "b1", "web", BuildStatus.QUEUED)));
        done(reporter.report(event(GITEA_REPO, "b1", "web", BuildStatus.SUPERSEDED)));

        assertThat(gitea.received()).extracting(Received::uri)
                .containsOnly("/api/v1/repos/acme/shop/statuses/" + SHA);
        assertThat(gitea.received()).extracting(r -> r.header("Authorization")).containsOnly("token " + GITEA_TOKEN);
        assertThat(states(gitea.received())).containsExactly("pending", "warning");
        assertThat(gitea.received().get(1).json().path("description").asText()).isEqualTo("Superseded by a newer push");
        assertThat(gitea.received().get(1).json().path("context").asText()).isEqualTo("buildline/web");
    }

    @Test
    void a502ThenA201IsRetriedWithTheSameBody() throws Exception {
        RecordingHost github = host("github-created.json");
        github.then(new Reply(502, Map.of(), "<html>502 Bad Gateway</html>"));
        StatusReporter reporter = githubReporter(github.url(""));

        assertThat(done(reporter.report(event(GITHUB_REPO, "b1", "web", BuildStatus.SUCCEEDED))))
                .isEqualTo(Delivery.POSTED);

        assertThat(github.received()).hasSize(2);
        assertThat(github.received().get(1).body()).isEqualTo(github.received().get(0).body());
        assertThat(count("buildline.commit.status.retries", "host", "github", "reason", "server_error")).isEqualTo(1);
        assertThat(count("buildline.commit.statuses", "host", "github", "outcome", "posted")).isEqualTo(1);
        assertThat(logs.list).anyMatch(e -> e.getLevel() == Level.INFO
                && e.getFormattedMessage().contains("HTTP 502") && e.getFormattedMessage().contains("try 2"));
    }

    @Test
    void a401IsGivenUpAfterOneTryWithALogLineAndAMetric() throws Exception {
        RecordingHost github = host("github-created.json");
        github.then(Reply.of(401, "github-bad-credentials.json"));
        StatusReporter reporter = githubReporter(github.url(""));

        assertThat(done(reporter.report(event(GITHUB_REPO, "b1", "web", BuildStatus.QUEUED))))
                .isEqualTo(Delivery.GAVE_UP);

        assertThat(github.received()).hasSize(1);
        assertThat(count("buildline.commit.status.give.ups", "host", "github", "reason", "401")).isEqualTo(1);
        assertThat(count("buildline.commit.statuses", "host", "github", "outcome", "gave_up")).isEqualTo(1);
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .singleElement().asString()
                .contains("buildline/web", SHA, "acme/shop", "given up", "HTTP 401", "Bad credentials");
    }

    @Test
    void githubsRateLimitResetIsWaitedForByEveryRequestToThatHost() throws Exception {
        RecordingHost github = host("github-created.json");
        Instant reset = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 2);
        github.then(Reply.of(403, "github-rate-limited.json").with("x-ratelimit-limit", "5000")
                .with("x-ratelimit-remaining", "0").with("x-ratelimit-reset", String.valueOf(reset.getEpochSecond())));
        StatusReporter reporter = githubReporter(github.url(""));

        CompletionStage<Delivery> web = reporter.report(event(GITHUB_REPO, "b-web", "web", BuildStatus.QUEUED));
        while (github.received().isEmpty()) {
            Thread.sleep(10);
        }
        Thread.sleep(200); // the 403 is back: the host is paused
        CompletionStage<Delivery> api = reporter.report(event(GITHUB_REPO, "b-api", "api", BuildStatus.QUEUED));

        assertThat(done(web)).isEqualTo(Delivery.POSTED);
        assertThat(done(api)).isEqualTo(Delivery.POSTED);
        List<Received> requests = github.received();
        assertThat(requests).hasSize(3);
        assertThat(requests.get(1).at()).as("the retry waits for x-ratelimit-reset").isAfterOrEqualTo(reset);
        assertThat(github.receivedFor("buildline/api")).singleElement()
                .satisfies(r -> assertThat(r.at()).as("another context waits as well").isAfterOrEqualTo(reset));
        assertThat(count("buildline.commit.status.retries", "host", "github", "reason", "rate_limited")).isEqualTo(1);
    }

    @Test
    void gitlabsRetryAfterIsHonoured() throws Exception {
        RecordingHost gitlab = host("gitlab-created.json");
        gitlab.then(new Reply(429, Map.of("Retry-After", "1", "RateLimit-Remaining", "0"),
                RecordingHost.fixture("gitlab-too-many-requests.txt")));
        StatusReporter reporter = reporter("""
                - url: https://gitlab.example.com/
                  status: {host: gitlab, apiUrl: %s, tokenEnv: GL_TOKEN}
                """.formatted(gitlab.url("/api/v4")), Map.of("GL_TOKEN", GITLAB_TOKEN));

        assertThat(done(reporter.report(event(GITLAB_REPO, "b1", "web", BuildStatus.QUEUED))))
                .isEqualTo(Delivery.POSTED);

        List<Received> requests = gitlab.received();
        assertThat(requests).hasSize(2);
        assertThat(Duration.between(requests.get(0).at(), requests.get(1).at())).isGreaterThanOrEqualTo(
                Duration.ofMillis(950));
    }

    @Test
    void oneRequestPerContextInFlightAndALaterTransitionReplacesAWaitingOne() throws Exception {
        RecordingHost github = host("github-created.json");
        StatusReporter reporter = githubReporter(github.url(""));
        github.hold();

        CompletionStage<Delivery> queued = reporter.report(event(GITHUB_REPO, "b1", "web", BuildStatus.QUEUED));
        CompletionStage<Delivery> running = reporter.report(event(GITHUB_REPO, "b1", "web", BuildStatus.RUNNING));
        CompletionStage<Delivery> succeeded = reporter.report(event(GITHUB_REPO, "b1", "web", BuildStatus.SUCCEEDED));
        CompletionStage<Delivery> other = reporter.report(event(GITHUB_REPO, "b2", "api", BuildStatus.QUEUED));
        while (github.received().size() < 2) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        assertThat(github.receivedFor("buildline/web")).as("one in flight for the context").hasSize(1);
        assertThat(github.receivedFor("buildline/api")).as("another context is not held up").hasSize(1);
        assertThat(running.toCompletableFuture()).as("waits until its replacement is answered").isNotDone();
        github.release();

        assertThat(List.of(done(queued), done(running), done(succeeded), done(other))).containsOnly(Delivery.POSTED);
        assertThat(states(github.receivedFor("buildline/web"))).containsExactly("pending", "success");

        // an older transition arriving late (the coordinator's queued after the worker's end) is not posted
        assertThat(done(reporter.report(event(GITHUB_REPO, "b1", "web", BuildStatus.RUNNING))))
                .isEqualTo(Delivery.STALE);
        assertThat(github.receivedFor("buildline/web")).hasSize(2);
    }

    @Test
    void aRetryWaitingBehindANewerTransitionSendsTheNewerOneInstead() throws Exception {
        RecordingHost github = host("github-created.json");
        github.then(new Reply(503, Map.of(), "{\"message\": \"Service Unavailable\"}"));
        StatusReporter reporter = reporter("""
                - url: https://github.com/acme/
                  status: {host: github, apiUrl: %s, tokenEnv: ACME_TOKEN}
                """.formatted(github.url("")), Map.of("ACME_TOKEN", GITHUB_TOKEN), Duration.ofMillis(500));
        github.hold();

        CompletionStage<Delivery> queued = reporter.report(event(GITHUB_REPO, "b1", "web", BuildStatus.QUEUED));
        while (github.received().isEmpty()) {
            Thread.sleep(10);
        }
        CompletionStage<Delivery> succeeded = reporter.report(event(GITHUB_REPO, "b1", "web", BuildStatus.SUCCEEDED));
        Thread.sleep(100);
        github.release();

        assertThat(done(queued)).isEqualTo(Delivery.POSTED);
        assertThat(done(succeeded)).isEqualTo(Delivery.POSTED);
        assertThat(states(github.received())).as("the 503'd pending is not repeated once success is known")
                .containsExactly("pending", "success");
    }

    @Test
    void aRepositoryWithoutItsTokenGetsOneWarningAtStartAndNoRequests() throws Exception {
        RecordingHost github = host("github-created.json");
        StatusReporter reporter = reporter("""
                - url: https://github.com/acme/
                  status: {host: github, apiUrl: %s, tokenEnv: ACME_TOKEN_NOT_SET}
                - url: https://github.com/other/
                """.formatted(github.url("")), Map.of());

        for (int i = 0; i < 3; i++) {
            assertThat(done(reporter.report(event(GITHUB_REPO, "b" + i, "web", BuildStatus.QUEUED))))
                    .isEqualTo(Delivery.NOT_REPORTED);
        }
        assertThat(done(reporter.report(event(new RepoRef("https://github.com/other/x.git", "other/x"), "o", "web",
                BuildStatus.QUEUED)))).isEqualTo(Delivery.NOT_REPORTED);

        assertThat(github.received()).isEmpty();
        assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("commit statuses: ACME_TOKEN_NOT_SET is not set, so repositories under "
                        + "https://github.com/acme/ get no commit statuses");
    }

    @Test
    void anUnreachableHostIsRetriedThenGivenUp() throws Exception {
        RecordingHost github = host("github-created.json");
        String closed = github.url("");
        github.close();
        hosts.remove(github);
        StatusReporter reporter = githubReporter(closed);

        assertThat(done(reporter.report(event(GITHUB_REPO, "b1", "web", BuildStatus.QUEUED))))
                .isEqualTo(Delivery.GAVE_UP);
        assertThat(count("buildline.commit.status.retries", "host", "github", "reason", "unreachable")).isEqualTo(2);
        assertThat(count("buildline.commit.status.give.ups", "host", "github", "reason", "attempts")).isEqualTo(1);
    }
}
