package dev.buildline.coordinator.intake;

import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildIds;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.plan.Tags;
import dev.buildline.coordinator.state.BuildStateView;
import dev.buildline.coordinator.webhook.PushEvent;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a verified push into build requests: allow-list first, then devspace.yaml at the pushed commit, one request per
 * image, published before the answer. Builds already known (same deterministic id) are named again, not republished.
 */
public final class IntakeService {

    private static final Logger LOGGER = LoggerFactory.getLogger(IntakeService.class);

    private final RepoAllowList allowList;
    private final CommitConfigReader configReader;
    private final BuildPublisher publisher;
    private final BuildStateView view;
    private final WorkerExecutor gitPool;
    private final Clock clock;
    private final RandomGenerator random;

    public IntakeService(RepoAllowList allowList, CommitConfigReader configReader, BuildPublisher publisher,
                         BuildStateView view, WorkerExecutor gitPool, Clock clock, RandomGenerator random) {
        this.allowList = allowList;
        this.configReader = configReader;
        this.publisher = publisher;
        this.view = view;
        this.gitPool = gitPool;
        this.clock = clock;
        this.random = random;
    }

    public Future<IntakeResult> push(PushEvent push) {
        if (push.deleted()) {
            return Future.succeededFuture(IntakeResult.nothing(push.deliveryId(), push.ref() + " was deleted"));
        }
        try {
            allowList.check(push.repo().url());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return gitPool.<DevspaceConfig>executeBlocking(() -> configReader.read(push.repo().url(), push.after()), false)
                .compose(config -> publishAll(push, config));
    }

    private Future<IntakeResult> publishAll(PushEvent push, DevspaceConfig config) {
        if (config.images().isEmpty()) {
            return Future.succeededFuture(IntakeResult.nothing(push.deliveryId(),
                    configReader.configPath() + " at " + push.after() + " has no images"));
        }
        List<AcceptedBuild> accepted = new ArrayList<>();
        List<Future<Void>> published = new ArrayList<>();
        for (ImageConfig image : config.images().values()) {
            String buildId = BuildIds.buildId(push.repo().url(), push.after(), image.name(), BuildIds.configHash(image));
            accepted.add(new AcceptedBuild(buildId, image.name()));
            if (view.contains(buildId)) {
                continue;
            }
            Instant now = clock.instant();
            BuildRequest request = new BuildRequest(BuildRequest.SCHEMA_VERSION, buildId, push.deliveryId(), push.repo(),
                    push.ref(), push.after(), image.name(), image, configReader.configPath(), Tags.resolve(image.tags(), random), now);
            BuildEvent queued = new BuildEvent(BuildEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), buildId,
                    image.name(), push.repo(), push.ref(), push.after(), BuildStatus.QUEUED,
                    request.tags().stream().map(tag -> image.image() + ":" + tag).toList(), null, null, null, null,
                    null, 1, null, null, now);
            published.add(publisher.publish(request, queued).onSuccess(done -> view.apply(queued)));
        }
        boolean duplicate = published.isEmpty();
        return Future.all(published).map(done -> {
            LOGGER.info("delivery {} from {}: {} build(s) for {} at {}{}", push.deliveryId(), push.provider(),
                    accepted.size(), push.repo().name(), push.after(), duplicate ? " (all known already)" : "");
            return new IntakeResult(push.deliveryId(), accepted, null, duplicate);
        });
    }
}
