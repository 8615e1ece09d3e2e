package dev.buildline.coordinator.status;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.Json;
import dev.buildline.coordinator.intake.RepositorySettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each build event's commit status to the repository's git host. {@link #report} returns a stage that is done
 * when the host answered or the reporter gave up, never failed, so a consumer can commit the event's offset after
 * it. Per (repository, commit, context) at most one request is in flight; a transition that arrives meanwhile waits,
 * and a later one replaces a waiting one (its stage completes with the later one's), so an older state is never
 * posted after a newer one. 5xx, rate limits and unreachable hosts are retried with backoff (a rate limit pauses every
 * request to that host and token); any other 4xx is given up after one try with a log line and a metric. Tokens go
 * into one header of the request and nowhere else (not into log lines, not into {@link HostRequest#toString()}).
 * All state lives on one Vert.x context.
 */
public final class StatusReporter {

    private static final Logger LOGGER = LoggerFactory.getLogger(StatusReporter.class);
    private static final int SLOTS_REMEMBERED = 10_000;
    private static final long REQUEST_TIMEOUT_MS = 30_000;

    /** How a report ended, for the caller. */
    public enum Delivery {
        /** the host took the status */
        POSTED,
        /** the host showed that state already (GitLab's "Cannot transition status") */
        UNCHANGED,
        /** the reporter gave up: a 4xx, or no success after its tries */
        GAVE_UP,
        /** nothing to post: no status settings or no token for the repository, or no image in the event */
        NOT_REPORTED,
        /** this transition, or a newer one of the same context, was reported already */
        STALE
    }

    /** Where the reporter's counts go ({@link StatusMeters}). */
    public interface Outcomes {
        void answered(StatusHost host, String outcome);

        void retried(StatusHost host, String reason);

        void gaveUp(StatusHost host, String reason);
    }

    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final RepositorySettings repositories;
    private final ReporterSettings settings;
    private final Outcomes outcomes;
    private final Clock clock;
    private final Map<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Slot> eldest) {
            return size() > SLOTS_REMEMBERED && eldest.getValue().idle();
        }
    };
    /** apiUrl#tokenEnv → the instant a rate limit ends; requests to that host and token wait for it. */
    private final Map<String, Instant> pausedUntil = new HashMap<>();

    public StatusReporter(Vertx vertx, RepositorySettings repositories, ReporterSettings settings, Outcomes outcomes,
                          Clock clock) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000)
                .setIdleTimeout((int) (REQUEST_TIMEOUT_MS / 1000)));
        this.repositories = repositories;
        this.settings = settings;
        this.outcomes = outcomes;
        this.clock = clock;
        warnOnce();
    }

    /** Posts the status {@code event} shows; see {@link Delivery} for how the stage ends. */
    public CompletionStage<Delivery> report(BuildEvent event) {
        Promise<Delivery> done = Promise.promise();
        context.runOnContext(v -> {
            try {
                accept(event, done);
            } catch (RuntimeException e) {
                LOGGER.atError().addKeyValue("buildId", event.buildId()).setCause(e)
                        .log("commit status for {} not reported", event.buildId());
                done.tryComplete(Delivery.GAVE_UP);
            }
        });
        return done.future().toCompletionStage();
    }

    public Future<Void> close() {
        return client.close();
    }

    /** One warning per repository entry that cannot get statuses, here at start, never per build. */
    private void warnOnce() {
        long targets = repositories.entries().stream().filter(e -> e.status() != null).count();
        if (targets == 0) {
            LOGGER.info("commit statuses: no repository entry in BUILDLINE_REPOSITORIES_FILE has status settings; "
                    + "no statuses are posted");
            return;
        }
        for (RepositorySettings.Entry entry : repositories.entries()) {
            if (entry.status() != null && !entry.status().hasToken()) {
                LOGGER.warn("commit statuses: {} is not set, so repositories under {} get no commit statuses",
                        entry.status().tokenEnv(), entry.url());
            }
        }
        if (settings.publicUrl() == null) {
            LOGGER.warn("commit statuses: BUILDLINE_PUBLIC_URL is not set, so statuses carry no link to the dashboard");
        }
    }

    private void accept(BuildEvent event, Promise<Delivery> done) {
        if (event.repo() == null) {
            done.complete(Delivery.NOT_REPORTED);
            return;
        }
        StatusTarget target = repositories.forRepository(event.repo().url()).status();
        if (target == null || !target.hasToken()) {
            done.complete(Delivery.NOT_REPORTED);
            return;
        }
        CommitStatus status = StatusMapping.of(event, target.projectOf(event.repo()), settings.publicUrl())
                .orElse(null);
        if (status == null) {
            done.complete(Delivery.NOT_REPORTED);
            return;
        }
        Slot slot = slots.computeIfAbsent(status.slot(), key -> new Slot());
        if (!slot.newer(status)) {
            done.complete(Delivery.STALE);
            return;
        }
        slot.latest = status;
        if (slot.inFlight) {
            if (slot.waiting != null) {
                LOGGER.atDebug().addKeyValue("buildId", status.buildId())
                        .log("{} replaces the waiting {} on {}", status.buildStatus().wireName(),
                                slot.waiting.status.buildStatus().wireName(), status.context());
                slot.waiting = slot.waiting.replacedBy(status, done);
            } else {
                slot.waiting = new Pending(target, status, List.of(done));
            }
            return;
        }
        send(slot, new Pending(target, status, List.of(done)));
    }

    private void send(Slot slot, Pending pending) {
        slot.inFlight = true;
        HostRequest request;
        try {
            request = pending.target.host().request(pending.target.apiUrl(), pending.status.project(),
                    pending.target.token(), pending.status);
        } catch (IllegalArgumentException e) {
            giveUp(pending, "invalid", e.getMessage());
            finish(slot, pending, Delivery.GAVE_UP);
            return;
        }
        attempt(slot, pending, request, 1);
    }

    private void attempt(Slot slot, Pending pending, HostRequest request, int attempt) {
        String pauseKey = pending.target.apiUrl() + "#" + pending.target.tokenEnv();
        Instant paused = pausedUntil.get(pauseKey);
        Instant now = clock.instant();
        if (paused != null && paused.isAfter(now)) {
            vertx.setTimer(Math.max(1, Duration.between(now, paused).toMillis()),
                    t -> attempt(slot, pending, request, attempt));
            return;
        }
        post(request).onComplete(answered -> {
            HostAnswer answer = answered.succeeded()
                    ? HostAnswer.of(request.host(), answered.result().status, answered.result().headers::get,
                    answered.result().body, attempt, clock.instant(), settings)
                    : HostAnswer.unreachable(answered.cause(), attempt, settings);
            if (answer instanceof HostAnswer.Done ok) {
                outcomes.answered(request.host(), ok.outcome());
                LOGGER.atDebug().addKeyValue("buildId", pending.status.buildId())
                        .log("commit status {} {} on {}: {}", pending.status.context(),
                                request.body().get("state"), pending.status.sha(), ok.outcome());
                finish(slot, pending, "unchanged".equals(ok.outcome()) ? Delivery.UNCHANGED : Delivery.POSTED);
            } else if (answer instanceof HostAnswer.Retry retry) {
                retry(slot, pending, request, attempt, pauseKey, retry);
            } else if (answer instanceof HostAnswer.GiveUp stop) {
                giveUp(pending, stop.reason(), stop.detail());
                finish(slot, pending, Delivery.GAVE_UP);
            }
        });
    }

    private void retry(Slot slot, Pending pending, HostRequest request, int attempt, String pauseKey,
                       HostAnswer.Retry retry) {
        outcomes.retried(request.host(), retry.reason());
        if ("rate_limited".equals(retry.reason())) {
            pausedUntil.put(pauseKey, clock.instant().plus(retry.delay()));
        }
        LOGGER.atInfo().addKeyValue("buildId", pending.status.buildId())
                .log("commit status {} on {} ({}): {}; try {} in {} ms", pending.status.context(),
                        pending.status.sha(), request.host().wireName(), retry.detail(), attempt + 1,
                        retry.delay().toMillis());
        long wait = Math.max(1, retry.delay().toMillis());
        if (slot.waiting != null) {
            // a newer transition arrived meanwhile: it is sent instead of repeating this one
            Pending newer = slot.waiting.including(pending.promises);
            slot.waiting = null;
            vertx.setTimer(wait, t -> send(slot, newer));
        } else {
            vertx.setTimer(wait, t -> attempt(slot, pending, request, attempt + 1));
        }
    }

    private void giveUp(Pending pending, String reason, String detail) {
        outcomes.gaveUp(pending.target.host(), reason);
        LOGGER.atWarn().addKeyValue("buildId", pending.status.buildId())
                .log("commit status {} on {} of {} given up ({}): {}", pending.status.context(), pending.status.sha(),
                        pending.status.project(), pending.target.host().wireName(), detail);
    }

    private void finish(Slot slot, Pending pending, Delivery delivery) {
        pending.promises.forEach(promise -> promise.tryComplete(delivery));
        slot.inFlight = false;
        if (slot.waiting != null) {
            Pending next = slot.waiting;
            slot.waiting = null;
            send(slot, next);
        }
    }

    private Future<Answer> post(HostRequest request) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(request.url())
                .setIdleTimeout(REQUEST_TIMEOUT_MS);
        request.headers().forEach(options::putHeader);
        Buffer body = Buffer.buffer(Json.toString(request.body()));
        return client.request(options)
                .compose(outgoing -> outgoing.send(body))
                .compose(response -> response.body().map(answer -> {
                    Map<String, String> headers = new HashMap<>();
                    response.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT),
                            h.getValue()));
                    return new Answer(response.statusCode(), headers, answer.toString());
                }));
    }

    private record Answer(int status, Map<String, String> headers, String body) {
    }

    /** A transition waiting to be sent, with the stages of every report it stands for. */
    private record Pending(StatusTarget target, CommitStatus status, List<Promise<Delivery>> promises) {

        Pending replacedBy(CommitStatus newer, Promise<Delivery> promise) {
            List<Promise<Delivery>> all = new ArrayList<>(promises);
            all.add(promise);
            return new Pending(target, newer, all);
        }

        Pending including(List<Promise<Delivery>> earlier) {
            List<Promise<Delivery>> all = new ArrayList<>(earlier);
            all.addAll(promises);
            return new Pending(target, status, all);
        }
    }

    /** One (repository, commit, context): what is in flight, what waits, and the newest transition accepted. */
    private static final class Slot {
        boolean inFlight;
        Pending waiting;
        CommitStatus latest;

        boolean idle() {
            return !inFlight && waiting == null;
        }

        /**
         * Whether {@code status} comes after the newest transition accepted: within one build, a later attempt or a
         * later step (queued, running, an end), until its first end, which is final (as in the coordinator's view: a
         * retry announced after it is history, and a pushed image is never shown pending again); across builds of
         * the same commit and image, a later event time.
         */
        boolean newer(CommitStatus status) {
            if (latest == null) {
                return true;
            }
            if (Objects.equals(latest.buildId(), status.buildId())) {
                if (latest.buildStatus().isTerminal()) {
                    return false;
                }
                if (status.attempt() != latest.attempt()) {
                    return status.attempt() > latest.attempt();
                }
                return rank(status) > rank(latest);
            }
            return latest.time() == null || status.time() == null || !status.time().isBefore(latest.time());
        }

        private static int rank(CommitStatus status) {
            return switch (status.buildStatus()) {
                case QUEUED -> 0;
                case RUNNING -> 1;
                default -> 2;
            };
        }
    }
}
