package dev.buildline.coordinator.intake;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.RebuildStrategy;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildIds;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.common.plan.Tags;
import dev.buildline.coordinator.plan.ChangePlanner;
import dev.buildline.coordinator.plan.ChangeReason;
import dev.buildline.coordinator.plan.ImageChange;
import dev.buildline.coordinator.state.BuildStateView;
import dev.buildline.coordinator.webhook.PushEvent;
import dev.buildline.coordinator.webhook.RequestRejectedException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns verified pushes, config changes and manual triggers into build requests: allow-list first, then git (on the
 * git pool), then the change planner, then one request per touched image, published before the answer. An image whose
 * inputs identity equals its last successful build ends {@code skipped}; builds already known (same deterministic id)
 * are named again, not republished.
 */
public final class IntakeService {

    private static final Logger LOGGER = LoggerFactory.getLogger(IntakeService.class);

    private final RepoAllowList allowList;
    private final CommitInspector inspector;
    private final BuildPublisher publisher;
    private final BuildStateView view;
    private final WorkerExecutor gitPool;
    private final Clock clock;
    private final RandomGenerator random;

    public IntakeService(RepoAllowList allowList, CommitInspector inspector, BuildPublisher publisher,
                         BuildStateView view, WorkerExecutor gitPool, Clock clock, RandomGenerator random) {
        this.allowList = allowList;
        this.inspector = inspector;
        this.publisher = publisher;
        this.view = view;
        this.gitPool = gitPool;
        this.clock = clock;
        this.random = random;
    }

    /** A push from a git host. */
    public Future<IntakeResult> push(PushEvent push) {
        if (push.deleted()) {
            return Future.succeededFuture(IntakeResult.nothing(push.deliveryId(), push.ref() + " was deleted"));
        }
        String before = push.created() ? null : push.before();
        return inspect(push.repo(), push.ref(), push.after(), before, !push.pathsComplete(), null, null)
                .compose(inspection -> {
            Set<String> paths = push.pathsComplete() ? push.changedPaths() : inspection.changedPaths();
            List<ImageChange> changes = ChangePlanner.plan(inspection.before(), inspection.after(), paths,
                    inspector.configDir(push.repo().url()));
            return publish(push.deliveryId(), push.repo(), push.ref(), push.after(), changes, inspection, false);
        });
    }

    /** A new devspace.yaml for a commit (HTTP or the config-changes topic): new or changed images are built. */
    public Future<IntakeResult> configChange(ConfigChange change) {
        String deliveryId = change.deliveryId();
        return inspect(change.repo(), change.ref(), change.commit(), null, false, change.devspaceYaml(),
                change.previousYaml()).compose(inspection -> {
            List<ImageChange> changes = ChangePlanner.plan(inspection.before(), inspection.after(), Set.of(),
                    inspector.configDir(change.repo().url()));
            return publish(deliveryId, change.repo(), change.ref(), change.commit(), changes, inspection, false);
        });
    }

    /** {@code POST /api/builds}: the named images (all when none are named) are built again, whatever changed. */
    public Future<IntakeResult> manual(RepoRef repo, String ref, String commit, List<String> images) {
        String deliveryId = "manual-" + UUID.randomUUID();
        return inspect(repo, ref, commit, null, false, null, null).compose(inspection -> {
            List<ImageChange> changes = new ArrayList<>();
            for (String name : images.isEmpty() ? List.copyOf(inspection.after().images().keySet()) : images) {
                ImageConfig image = inspection.after().images().get(name);
                if (image == null) {
                    return Future.failedFuture(new RequestRejectedException(422, "images." + name + " is not in "
                            + inspector.configPath(repo.url()) + " at " + commit));
                }
                changes.add(new ImageChange(image, ChangeReason.MANUAL));
            }
            return publish(deliveryId, repo, ref, commit, changes, inspection, true);
        });
    }

    private Future<CommitInspector.Inspection> inspect(RepoRef repo, String ref, String commit, String before,
                                                       boolean diff, String override, String previousOverride) {
        try {
            allowList.check(repo.url());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return gitPool.executeBlocking(() -> inspector.inspect(repo.url(), ref, commit, before, diff, override,
                previousOverride), false);
    }

    private Future<IntakeResult> publish(String deliveryId, RepoRef repo, String ref, String commit,
                                         List<ImageChange> changes, CommitInspector.Inspection inspection,
                                         boolean manual) {
        if (changes.isEmpty()) {
            return Future.succeededFuture(IntakeResult.nothing(deliveryId, inspection.after().images().isEmpty()
                    ? inspector.configPath(repo.url()) + " at " + commit + " has no images"
                    : "the change touches no image"));
        }
        List<AcceptedBuild> accepted = new ArrayList<>();
        List<Future<Void>> published = new ArrayList<>();
        for (ImageChange change : changes) {
            ImageConfig image = change.image();
            String inputs = inspection.inputs().get(image.name());
            String identity = inspection.configHashes().get(image.name())
                    + (manual ? "#manual-" + UUID.randomUUID() : "");
            String buildId = BuildIds.buildId(repo.url(), commit, image.name(), identity);
            boolean skip = !manual && image.rebuildStrategy() != RebuildStrategy.ALWAYS
                    && inputs.equals(view.lastSucceededInputs(repo.url(), image.name()));
            var known = view.get(buildId);
            if (known.isPresent()) {
                // a redelivery: the build is named with what it is now, not with the status it started in
                accepted.add(new AcceptedBuild(buildId, image.name(), known.get().status()));
                continue;
            }
            accepted.add(new AcceptedBuild(buildId, image.name(), skip ? BuildStatus.SKIPPED : BuildStatus.QUEUED));
            Instant now = clock.instant();
            List<String> tags = Tags.resolve(image.tags(), random);
            List<String> references = tags.stream().map(tag -> image.image() + ":" + tag).toList();
            if (skip) {
                BuildEvent skipped = BuildEvent.skipped(buildId, image.name(), repo, ref, commit, inputs,
                        "inputs unchanged since the last successful build", now);
                published.add(publisher.publishEvent(skipped).onSuccess(done -> view.apply(skipped)));
                continue;
            }
            BuildRequest request = new BuildRequest(BuildRequest.SCHEMA_VERSION, buildId, deliveryId, repo, ref, commit,
                    image.name(), image, inspector.configPath(repo.url()), tags, inputs, now);
            BuildEvent queued = BuildEvent.queued(buildId, image.name(), repo, ref, commit, references, inputs, now);
            published.add(publisher.publish(request, queued).onSuccess(done -> view.apply(queued)));
        }
        boolean duplicate = published.isEmpty();
        return Future.all(published).map(done -> {
            LOGGER.info("delivery {}: {} build(s) for {} at {}{}", deliveryId, accepted.size(), repo.name(), commit,
                    duplicate ? " (all known already)" : "");
            return new IntakeResult(deliveryId, accepted, null, duplicate);
        });
    }
}
