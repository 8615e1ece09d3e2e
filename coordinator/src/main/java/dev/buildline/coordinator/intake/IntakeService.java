package dev.buildline.coordinator.intake;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.common.plan.Tags;
import dev.buildline.coordinator.plan.ChangePlanner;
import dev.buildline.coordinator.plan.ChangeReason;
import dev.buildline.coordinator.plan.ImageChange;
import dev.buildline.coordinator.state.BuildStateView;
import dev.buildline.coordinator.webhook.PushEvent;
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
    private final IntakePlanner.History history;

    public IntakeService(RepoAllowList allowList, CommitInspector inspector, BuildPublisher publisher,
                         BuildStateView view, WorkerExecutor gitPool, Clock clock, RandomGenerator random) {
        this.allowList = allowList;
        this.inspector = inspector;
        this.publisher = publisher;
        this.view = view;
        this.gitPool = gitPool;
        this.clock = clock;
        this.random = random;
        this.history = new IntakePlanner.History() {
            @Override
            public java.util.Optional<BuildStatus> status(String buildId) {
                return view.get(buildId).map(build -> build.status());
            }

            @Override
            public String lastSucceededInputs(String repoUrl, String image) {
                return view.lastSucceededInputs(repoUrl, image);
            }
        };
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
                    inspection.entry().configDir());
            return publish(push.deliveryId(), push.repo(), push.ref(), push.after(), changes, inspection, null);
        });
    }

    /** A new devspace.yaml for a commit (HTTP or the config-changes topic): new or changed images are built. */
    public Future<IntakeResult> configChange(ConfigChange change) {
        String deliveryId = change.deliveryId();
        return inspect(change.repo(), change.ref(), change.commit(), null, false, change.devspaceYaml(),
                change.previousYaml()).compose(inspection -> {
            List<ImageChange> changes = ChangePlanner.plan(inspection.before(), inspection.after(), Set.of(),
                    inspection.entry().configDir());
            return publish(deliveryId, change.repo(), change.ref(), change.commit(), changes, inspection, null);
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
                    return Future.failedFuture(new IntakeRejectedException(IntakeRejectedException.Reason.UNKNOWN_IMAGE,
                            "images." + name + " is not in "
                            + inspection.configPath() + " at " + commit));
                }
                changes.add(new ImageChange(image, ChangeReason.MANUAL));
            }
            return publish(deliveryId, repo, ref, commit, changes, inspection, UUID.randomUUID().toString());
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

    /** @param manualNonce null unless built by hand ({@link IntakePlanner#plan}) */
    private Future<IntakeResult> publish(String deliveryId, RepoRef repo, String ref, String commit,
                                         List<ImageChange> changes, CommitInspector.Inspection inspection,
                                         String manualNonce) {
        IntakePlanner.Plan plan = IntakePlanner.plan(repo.url(), commit, changes, inspection, history, manualNonce);
        if (!plan.refusals().isEmpty()) {
            return Future.failedFuture(new BuildRefusedException(inspection.configPath() + " at " + commit,
                    plan.refusals()));
        }
        if (changes.isEmpty()) {
            return Future.succeededFuture(IntakeResult.nothing(deliveryId, inspection.after().images().isEmpty()
                    ? inspection.configPath() + " at " + commit + " has no images"
                    : "the change touches no image"));
        }
        List<AcceptedBuild> accepted = new ArrayList<>();
        List<Future<Void>> published = new ArrayList<>();
        Instant now = clock.instant();
        for (IntakePlanner.Step step : plan.steps()) {
            if (step instanceof IntakePlanner.Known known) {
                // a redelivery: the build is named with what it is now, not with the status it started in
                accepted.add(new AcceptedBuild(known.buildId(), known.image(), known.status()));
            } else if (step instanceof IntakePlanner.Skip skip) {
                accepted.add(new AcceptedBuild(skip.buildId(), skip.image(), BuildStatus.SKIPPED));
                BuildEvent skipped = BuildEvent.skipped(skip.buildId(), skip.image(), repo, ref, commit, skip.inputs(),
                        "inputs unchanged since the last successful build", now);
                published.add(publisher.publishEvent(skipped).onSuccess(done -> view.apply(skipped)));
            } else if (step instanceof IntakePlanner.Build build) {
                accepted.add(new AcceptedBuild(build.buildId(), build.image(), BuildStatus.QUEUED));
                published.add(request(deliveryId, repo, ref, commit, build, inspection, now));
            }
        }
        boolean duplicate = published.isEmpty();
        return Future.all(published).map(done -> {
            LOGGER.info("delivery {}: {} build(s) for {} at {}{}", deliveryId, accepted.size(), repo.name(), commit,
                    duplicate ? " (all known already)" : "");
            return new IntakeResult(deliveryId, accepted, null, duplicate);
        });
    }

    private Future<Void> request(String deliveryId, RepoRef repo, String ref, String commit,
                                 IntakePlanner.Build build, CommitInspector.Inspection inspection, Instant now) {
        ImageConfig image = build.config();
        List<String> tags = Tags.resolve(image.tags(), random);
        List<String> references = tags.stream().map(tag -> image.image() + ":" + tag).toList();
        BuildRequest request = new BuildRequest(BuildRequest.SCHEMA_VERSION, build.buildId(), deliveryId, repo, ref,
                commit, image.name(), image, inspection.configPath(), tags, build.inputs(), now, inspection.grants(),
                masked(inspection.entry()));
        BuildEvent queued = BuildEvent.queued(build.buildId(), image.name(), repo, ref, commit, references,
                build.inputs(), now);
        return publisher.publish(request, queued).onSuccess(done -> view.apply(queued));
    }

    /** The values of the entry's vars, for the worker to mask in logs; empty values mask nothing. */
    private static List<String> masked(RepositorySettings.Entry entry) {
        return entry.vars().values().stream().filter(value -> !value.isEmpty()).distinct().sorted().toList();
    }
}
