package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.Topics;
import dev.buildline.coordinator.intake.RepositorySettings;
import dev.buildline.coordinator.status.ReporterSettings;
import dev.buildline.coordinator.status.StatusMeters;
import dev.buildline.coordinator.status.StatusReporter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A user's view of {@code buildline dev}, started as the launcher starts it (real KRaft broker, real dockerd and
 * buildx, API token set), through Debian's headless chromium: the page asks for the token, shows the empty state,
 * a signed push appears as a row that turns succeeded without a reload, the detail shows the log, the command and the
 * digest, a slow build's log follows while it runs and the cancel button ends it {@code cancelled}; the API refuses
 * requests without the token, and the operations endpoints answer for coordinator and embedded worker alike. Then the dashboard's issue-15 pages: the
 * {@code target_url} a status reporter posted (to a local server answering as GitHub does, from the build's real
 * events on build-events) opens that build, whose chart has a point per build of its image; the queue and workers
 * view shows a running build on the worker that runs it; the images view draws each image's history.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

    private static final String SECRET = "dash-secret-" + UUID.randomUUID();
    private static final String TOKEN = "dash-token-" + UUID.randomUUID();
    private static final String ZEROS = "0".repeat(40);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path temp;
    private static Main dev;
    private static TestRepo repo;
    private static ChromeDriver browser;
    private static String base;
    private static String bootstrap;

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        Browser.require();
        repo = TestRepo.create(temp.resolve("repo"));
        int kafkaPort = freePort();
        bootstrap = "127.0.0.1:" + kafkaPort;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dev = new Main(Map.of(
                "BUILDLINE_WEBHOOK_SECRET", SECRET,
                "BUILDLINE_API_TOKEN", TOKEN,
                "BUILDLINE_ALLOWED_REPOS", repo.url(),
                "BUILDLINE_TOPIC_PARTITIONS", "3"), new PrintStream(out, true, StandardCharsets.UTF_8));
        dev.run("dev", List.of("--http-port", "0", "--kafka-port", String.valueOf(kafkaPort),
                "--data", temp.resolve("dev").toString(), "--workers", "2"));
        Matcher ready = Pattern.compile("buildline ready (http://127\\.0\\.0\\.1:\\d+)")
                .matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(ready.find()).as("dev printed: " + out).isTrue();
        base = ready.group(1);
        browser = Browser.start(temp.resolve("chromium-profile"));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (dev != null) {
            dev.close();
        }
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    @Order(1)
    void pageAsksForTheTokenOnceThenShowsHowToSendTheFirstWebhook() throws Exception {
        browser.get(base + "/");

        eventually().until(() -> browser.findElement(By.id("token-view")).isDisplayed());
        assertThat(browser.findElement(By.id("token-view")).getText()).contains("API token needed");
        browser.findElement(By.id("token-input")).sendKeys(TOKEN, Keys.ENTER);

        eventually().until(() -> browser.findElement(By.id("empty")).isDisplayed());
        assertThat(browser.findElement(By.id("empty")).getText())
                .contains("No builds yet")
                .contains(base + "/webhooks/github")
                .contains("X-Hub-Signature-256");
        assertThat(browser.findElement(By.id("connection")).getText()).contains("live");
        assertThat(browser.executeScript("return sessionStorage.getItem('buildline.apiToken')")).isEqualTo(TOKEN);
        Browser.screenshot(browser, "dashboard-empty");
    }

    @Test
    @Order(2)
    void pushedBuildAppearsAndSucceedsWithoutReloadThenShowsItsLogCommandAndDigest() throws Exception {
        browser.executeScript("window.loadedOnce = 'still the same page'");
        String image = BuildHost.REGISTRY + "/buildline-it/dash-" + RUN;
        String commit = repo.commit("an image", Map.of(
                "devspace.yaml", """
                        version: v2beta1
                        images:
                          web:
                            image: %s
                            network: none
                            buildKit: {}
                        """.formatted(image),
                "Dockerfile", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo hello-from-web-" + RUN + " > /hello.txt\n"));

        String buildId = push(commit).get("web");

        WebElement row = eventually().until(() -> browser.findElement(By.cssSelector(rowOf(buildId))), r -> true);
        assertThat(cell(buildId, "image")).isEqualTo("web");
        assertThat(cell(buildId, "repo")).isEqualTo("it/dash");
        assertThat(cell(buildId, "ref")).isEqualTo("main");
        assertThat(cell(buildId, "commit")).isEqualTo(commit.substring(0, 7));
        eventually().atMost(Duration.ofMinutes(3)).until(() -> cell(buildId, "status").equals("succeeded"));
        WebElement badge = row.findElement(By.cssSelector("[data-col=status] .status"));
        assertThat(badge.getCssValue("color")).isEqualTo("rgba(20, 108, 46, 1)");
        assertThat(cell(buildId, "duration")).matches("\\d+ (s|min \\d+ s)");
        assertThat(cell(buildId, "attempt")).isEqualTo("1");
        assertThat(browser.executeScript("return window.loadedOnce")).isEqualTo("still the same page");

        // keyboard: the image is a link; Enter opens the detail, Escape returns to the list
        row.findElement(By.cssSelector("[data-col=image] a")).sendKeys(Keys.ENTER);
        eventually().until(() -> browser.findElement(By.id("detail-view")).isDisplayed());
        assertThat(browser.findElement(By.id("detail-title")).getText()).isEqualTo("web @ " + commit.substring(0, 7));
        assertThat(browser.findElement(By.id("detail-status")).getText()).isEqualTo("succeeded");
        assertThat(browser.findElement(By.id("detail-command")).getText())
                .startsWith("docker buildx build --network none --tag " + image + ":")
                .endsWith(" -");
        String digest = browser.findElement(By.id("detail-digest")).getText();
        assertThat(digest).startsWith("sha256:");
        JsonNode detail = apiJson("/api/builds/" + buildId);
        assertThat(digest).isEqualTo(Webhooks.registryDigest(detail.path("tags").get(0).asText()));
        eventually().until(() -> browser.findElement(By.id("detail-log")).getText().contains("pushing"));
        assertThat(browser.findElement(By.id("detail-log")).getText()).contains("RUN echo hello-from-web-" + RUN);
        assertThat(browser.findElement(By.id("cancel")).isDisplayed()).isFalse();
        Browser.screenshot(browser, "dashboard-detail");

        browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        eventually().until(() -> browser.findElement(By.id("list-view")).isDisplayed());
    }

    @Test
    @Order(3)
    void slowBuildFollowsItsLogWhileRunningAndIsCancelledFromThePage() throws Exception {
        String commit = commitSleeper("slow", "about-to-sleep-" + RUN);

        String buildId = push(commit).get("slow");
        eventually().until(() -> browser.findElements(By.cssSelector(rowOf(buildId))).size() == 1);
        browser.findElement(By.cssSelector(rowOf(buildId) + " [data-col=image] a")).click();
        eventually().until(() -> browser.findElement(By.id("detail-status")).getText().equals("running"));

        // the log follows the running build: the RUN step shows up while the status is still running
        eventually().until(() -> browser.findElement(By.id("detail-log")).getText().contains("about-to-sleep-" + RUN));
        assertThat(browser.findElement(By.id("log-state")).getText()).isEqualTo("(following)");
        assertThat(browser.findElement(By.id("detail-status")).getText()).isEqualTo("running");
        assertThat(browser.findElement(By.cssSelector(rowOf(buildId) + " [data-col=status]")).getAttribute("textContent"))
                .isEqualTo("running");

        WebElement cancel = browser.findElement(By.id("cancel"));
        assertThat(cancel.isDisplayed()).isTrue();
        cancel.click();

        JsonNode control = Json.mapper().readTree(controlMessageFor(buildId));
        assertThat(control.path("action").asText()).isEqualTo("cancel");
        assertThat(control.path("buildId").asText()).isEqualTo(buildId);
        // the worker stops buildx and publishes `cancelled`; the page shows it without a reload
        eventually().until(() -> browser.findElement(By.id("detail-status")).getText().equals("cancelled"));
        assertThat(browser.findElement(By.cssSelector(rowOf(buildId) + " [data-col=status]")).getAttribute("textContent"))
                .isEqualTo("cancelled");
        assertThat(cancel.isDisplayed()).isFalse();

        browser.navigate().to(base + "/#/");
        eventually().until(() -> browser.findElement(By.id("list-view")).isDisplayed());
        Browser.screenshot(browser, "dashboard");
    }

    @Test
    @Order(4)
    void phoneWidthShowsEachBuildAsACardThatFits() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            WebElement status = eventually().until(() -> browser.findElement(By.cssSelector(
                    "#builds tbody tr [data-col=status] .status")), element -> element.isDisplayed());
            long viewport = (Long) browser.executeScript("return document.documentElement.clientWidth");
            long right = (Long) browser.executeScript(
                    "return Math.ceil(arguments[0].getBoundingClientRect().right)", status);
            assertThat(right).isLessThanOrEqualTo(viewport);
            // the column headers give way to a label before each value, so a card reads on its own
            assertThat(browser.findElement(By.cssSelector("#builds thead")).getSize().getHeight()).isLessThanOrEqualTo(1);
            assertThat(browser.executeScript("return getComputedStyle(arguments[0], '::before').content",
                    browser.findElement(By.cssSelector("#builds tbody tr [data-col=commit]")))).isEqualTo("\"Commit: \"");
            Browser.screenshot(browser, "dashboard-phone");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 800));
        }
    }

    @Test
    @Order(5)
    void apiAnswers401WithoutTheTokenAndOperationsEndpointsAnswer() throws Exception {
        assertThat(get("/api/builds", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/builds", "Bearer wrong-" + TOKEN).statusCode()).isEqualTo(401);
        assertThat(get("/api/stream", null).statusCode()).isEqualTo(401);
        HttpResponse<String> cancel = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/builds/x/cancel"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cancel.statusCode()).isEqualTo(401);
        HttpResponse<String> listed = get("/api/builds?image=web&status=succeeded", "Bearer " + TOKEN);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(Json.mapper().readTree(listed.body()).path("total").asInt()).isEqualTo(1);

        HttpResponse<String> ready = get("/health/ready", null);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(Json.mapper().readTree(ready.body()).path("checks").path("kafka").asText()).startsWith("ok: 1 broker");
        HttpResponse<String> live = get("/health/live", null);
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        // dev runs the worker in its process: its liveness is the worker's consume loops too
        JsonNode loops = Json.mapper().readTree(live.body()).path("checks");
        assertThat(loops.path("request-consumer").asText()).matches("ok: running, [1-9]\\d* partition\\(s\\) of "
                + "build-requests");
        assertThat(loops.path("state-follower").asText()).isEqualTo("ok: running");
        String metrics = get("/metrics", null).body();
        // and one /metrics with the worker's meters beside the coordinator's
        Scrape scrape = new Scrape(metrics);
        assertThat(scrape.sum("buildline_worker_build_duration_seconds_count", Map.of("status", "succeeded")))
                .isGreaterThanOrEqualTo(1);
        assertThat(scrape.sum("buildline_worker_buildx_exits_total", Map.of("code", "0"))).isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("buildline_worker_builds_running{").contains("buildline_worker_builds_queued{")
                .contains("buildline_worker_dead_letters_total{").contains("buildline_worker_build_retries_total{");
        assertThat(metrics)
                .contains("buildline_webhooks_total{outcome=\"accepted\",provider=\"github\"} 2.0")
                .contains("buildline_build_requests_published_total 2.0")
                .containsPattern("buildline_builds\\{status=\"succeeded\"} [1-9]")
                .contains("buildline_build_duration_seconds_bucket{status=\"succeeded\"")
                .contains("buildline_queue_lag{partition=\"0\"}")
                .contains("buildline_kafka_publish_failures_total 0.0")
                .contains("kafka_producer_record_error_total")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    @Order(6)
    void theTargetUrlOfACommitStatusOpensThatBuildWithAPointPerBuildOfItsImage() throws Exception {
        // two more builds of web, so its history has three
        String last = null;
        for (int i = 2; i <= 3; i++) {
            String commit = repo.commit("web again " + i, Map.of(
                    "devspace.yaml", """
                            version: v2beta1
                            images:
                              web:
                                image: %s
                                network: none
                                buildKit: {}
                            """.formatted(BuildHost.REGISTRY + "/buildline-it/dash-" + RUN),
                    "Dockerfile", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo hello-from-web-" + RUN + "-" + i
                            + " > /hello.txt\n"));
            String buildId = push(commit).get("web");
            awaitStatus(buildId, "succeeded");
            last = buildId;
        }
        String buildId = last;
        JsonNode build = apiJson("/api/builds/" + buildId);

        // the reporter turns the build's real events (read from build-events) into statuses on a GitHub stand-in
        String targetUrl;
        try (StatusRecorder github = new StatusRecorder()) {
            Vertx vertx = Vertx.vertx();
            try {
                StatusReporter reporter = new StatusReporter(
                        vertx, RepositorySettings.parse("""
                                - url: %s
                                  status: {host: github, apiUrl: %s, tokenEnv: DASH_STATUS_TOKEN}
                                """.formatted(repo.url(), github.url()), "repos.yaml", "devspace.yaml",
                                Map.of("DASH_STATUS_TOKEN", "ghp_dash"), null, null),
                        new ReporterSettings(base, 3, Duration.ofMillis(100),
                                Duration.ofSeconds(1), Duration.ofMinutes(1)),
                        new StatusMeters(
                                new SimpleMeterRegistry()),
                        Clock.systemUTC());
                for (BuildEvent event : eventsOf(buildId)) {
                    reporter.report(event).toCompletableFuture().get(30, TimeUnit.SECONDS);
                }
                reporter.close().await();
            } finally {
                vertx.close().await();
            }
            List<StatusRecorder.Request> statuses = github.requests();
            assertThat(statuses).extracting(r -> Json.mapper().readTree(r.body()).path("state").asText())
                    .containsExactly("pending", "pending", "success");
            assertThat(statuses).extracting(StatusRecorder.Request::path)
                    .containsOnly("/repos/it/dash/statuses/" + build.path("commit").asText());
            assertThat(statuses).extracting(StatusRecorder.Request::authorization).containsOnly("Bearer ghp_dash");
            targetUrl = Json.mapper().readTree(statuses.get(2).body()).path("target_url").asText();
        }
        assertThat(targetUrl).isEqualTo(base + "/builds/" + buildId);

        browser.get(targetUrl);
        eventually().until(() -> browser.findElement(By.id("detail-view")).isDisplayed());
        assertThat(browser.getCurrentUrl()).isEqualTo(targetUrl);
        eventually().until(() -> browser.findElement(By.id("detail-title")).getText()
                .equals("web @ " + build.path("commit").asText().substring(0, 7)));
        assertThat(browser.findElement(By.id("detail-status")).getText()).isEqualTo("succeeded");
        assertThat(browser.findElement(By.id("detail-worker")).getText()).isEqualTo(build.path("worker").asText());

        int ran = 0;
        for (JsonNode b : apiJson("/api/builds?image=web").path("builds")) {
            ran += b.path("durationMs").isNumber() && !"skipped".equals(b.path("status").asText()) ? 1 : 0;
        }
        assertThat(ran).isEqualTo(3);
        int points = ran;
        eventually().until(() -> browser.findElements(By.cssSelector("#history-chart circle.point")).size() == points);
        assertThat(browser.findElement(By.cssSelector("#history-chart svg")).getAttribute("data-points"))
                .isEqualTo(String.valueOf(points));
        assertThat(browser.findElement(By.cssSelector("#history-chart circle.current")).getAttribute("data-build-id"))
                .isEqualTo(buildId);
        assertThat(browser.findElement(By.id("history-summary")).getText()).startsWith("100 % succeeded (3 of 3)");
        browser.executeScript("window.scrollTo(0, document.getElementById('detail-title').offsetTop - 12)");
        Browser.screenshot(browser, "dashboard-build-page");

        // keyboard: a point is a link; Enter on the oldest opens that build
        WebElement oldest = browser.findElements(By.cssSelector("#history-chart a.point-link")).get(0);
        String oldestId = oldest.findElement(By.cssSelector("circle")).getAttribute("data-build-id");
        oldest.sendKeys(Keys.ENTER);
        eventually().until(() -> browser.findElement(By.id("detail-id")).getText().equals(oldestId));
        browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        eventually().until(() -> browser.findElement(By.id("list-view")).isDisplayed());
    }

    @Test
    @Order(7)
    void theWorkersViewShowsARunningBuildOnTheWorkerThatRunsIt() throws Exception {
        String commit = commitSleeper("sleeper", "sleeping-" + RUN);
        String buildId = push(commit).get("sleeper");
        String worker = eventually().atMost(Duration.ofMinutes(2)).until(() -> {
            JsonNode build = apiJson("/api/builds/" + buildId);
            return "running".equals(build.path("status").asText()) ? build.path("worker").asText(null) : null;
        }, w -> w != null);

        browser.get(base + "/#/queue");
        eventually().until(() -> browser.findElement(By.id("queue-view")).isDisplayed());
        String row = "#workers tr[data-build-id='" + buildId + "']";
        eventually().until(() -> browser.findElements(By.cssSelector(row)).size() == 1);
        assertThat(browser.findElement(By.cssSelector(row + " [data-col=worker]")).getText()).isEqualTo(worker);
        assertThat(browser.findElement(By.cssSelector(row + " [data-col=running] a")).getText())
                .isEqualTo("sleeper @ " + commit.substring(0, 7));
        assertThat(browser.findElement(By.cssSelector("nav.views a[aria-current=page]")).getText())
                .isEqualTo("Queue & workers");
        // the lag per partition of build-requests, as the coordinator's meter samples it (BUILDLINE_TOPIC_PARTITIONS 3)
        eventually().until(() -> browser.findElements(By.cssSelector("#partitions tbody tr")).size() == 3);
        assertThat(browser.findElements(By.cssSelector("#partitions tbody [data-col=lag]")))
                .extracting(WebElement::getText).allMatch(lag -> lag.matches("\\d+"));
        Browser.screenshot(browser, "dashboard-queue");

        browser.manage().window().setSize(new Dimension(390, 844));
        try {
            WebElement cell = browser.findElement(By.cssSelector(row + " [data-col=running] a"));
            long viewport = (Long) browser.executeScript("return document.documentElement.clientWidth");
            long right = (Long) browser.executeScript("return Math.ceil(arguments[0].getBoundingClientRect().right)",
                    cell);
            assertThat(right).isLessThanOrEqualTo(viewport);
            assertThat(browser.executeScript("return getComputedStyle(arguments[0], '::before').content",
                    browser.findElement(By.cssSelector(row + " [data-col=running]")))).isEqualTo("\"Running: \"");
            Browser.screenshot(browser, "dashboard-queue-phone");
        } finally {
            browser.manage().window().setSize(new Dimension(1280, 800));
        }

        HttpResponse<String> cancel = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/builds/" + buildId
                + "/cancel")).header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        // the view follows the event stream: the worker's row no longer shows the build
        eventually().until(() -> browser.findElements(By.cssSelector(row)).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#workers tr[data-worker='" + worker + "'] [data-col=last]"))
                .getText()).contains("sleeper cancelled");
    }

    @Test
    @Order(8)
    void theImagesViewDrawsEachImagesHistory() throws Exception {
        browser.get(base + "/#/images");
        String card = ".image-card[data-image=web]";
        eventually().until(() -> browser.findElements(By.cssSelector(card)).size() == 1);
        assertThat(browser.findElement(By.cssSelector(card + " .success-rate")).getText())
                .isEqualTo("100 % succeeded (3 of 3) · 3 builds");
        assertThat(browser.findElements(By.cssSelector(card + " circle.point"))).hasSize(3);
        Browser.screenshot(browser, "dashboard-images");
    }

    /**
     * Commits a devspace.yaml whose one image {@code name} RUNs {@code echo <marker>} and then sleeps 25 s, long enough
     * to be seen running on the page.
     */
    private static String commitSleeper(String name, String marker) throws Exception {
        return repo.commit("a slow image " + name, Map.of(
                "devspace.yaml", """
                        version: v2beta1
                        images:
                          %s:
                            image: %s/buildline-it/%s-%s
                            network: none
                            buildKit: {}
                        """.formatted(name, BuildHost.REGISTRY, name, RUN),
                "Dockerfile", "FROM " + BuildHost.BASE_IMAGE + "\nRUN echo " + marker + " && sleep 25\n"));
    }

    private static Map<String, String> push(String commit) throws Exception {
        String body = Webhooks.pushPayload(repo.url(), "it/dash", "refs/heads/main", ZEROS, commit);
        HttpResponse<String> accepted = Webhooks.postGithub(port(), "push", Webhooks.sign(SECRET, body), body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        Map<String, String> ids = new java.util.HashMap<>();
        Json.mapper().readTree(accepted.body()).path("builds")
                .forEach(build -> ids.put(build.path("image").asText(), build.path("buildId").asText()));
        return ids;
    }

    private static void awaitStatus(String buildId, String status) {
        eventually().atMost(Duration.ofMinutes(3))
                .until(() -> apiJson("/api/builds/" + buildId).path("status").asText().equals(status));
    }

    /** The build's events as build-events holds them, once its terminal event is there. */
    private static List<BuildEvent> eventsOf(String buildId) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.defaults().buildEvents()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<BuildEvent> found = new ArrayList<>();
            eventually().until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (buildId.equals(record.key())) {
                        found.add(Json.mapper().readValue(record.value(), BuildEvent.class));
                    }
                }
                return found.stream().anyMatch(e -> e.status().isTerminal());
            });
            return found;
        }
    }

    private static String controlMessageFor(String buildId) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.defaults().buildControl()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> found = new ArrayList<>();
            eventually().until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (buildId.equals(record.key())) {
                        found.add(record.value());
                    }
                }
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    private static String rowOf(String buildId) {
        return "#builds tr[data-build-id='" + buildId + "']";
    }

    private static String cell(String buildId, String column) {
        return browser.findElement(By.cssSelector(rowOf(buildId) + " [data-col=" + column + "]")).getText();
    }

    private static JsonNode apiJson(String path) throws Exception {
        HttpResponse<String> response = get(path, "Bearer " + TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions();
    }

    private static int port() {
        return URI.create(base).getPort();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
