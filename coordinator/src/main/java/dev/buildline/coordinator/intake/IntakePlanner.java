package dev.buildline.coordinator.intake;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.RebuildStrategy;
import dev.buildline.common.messages.BuildIds;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.policy.BuildPolicy;
import dev.buildline.common.policy.Refusal;
import dev.buildline.coordinator.plan.ImageChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Intake's decision for one delivery, a pure function: the build policy on the whole file first (one refused image
 * refuses the file), then per touched image whether its build is known already (a redelivery, same deterministic
 * id), skipped (inputs equal to the last successful build's) or built, with the config the policy allows.
 */
public final class IntakePlanner {

    private IntakePlanner() {
    }

    /** What intake knows of earlier builds (the build-state view). */
    public interface History {
        /** The status of a build id this coordinator has seen, if any. */
        Optional<BuildStatus> status(String buildId);

        /** The inputs identity of the image's last successful build, or null. */
        String lastSucceededInputs(String repoUrl, String image);
    }

    /** One touched image's fate. */
    public sealed interface Step {
        String buildId();

        String image();
    }

    /** Published before: named again with its status now. */
    public record Known(String buildId, String image, BuildStatus status) implements Step {
    }

    /** Inputs unchanged since the last successful build. */
    public record Skip(String buildId, String image, String inputs) implements Step {
    }

    /** To build with {@code config} (the policy's effective config). */
    public record Build(String buildId, String image, ImageConfig config, String inputs) implements Step {
    }

    /** The steps, or (then no steps) why the file is refused. */
    public record Plan(List<Step> steps, List<Refusal> refusals) {
        public Plan {
            steps = List.copyOf(steps);
            refusals = List.copyOf(refusals);
        }
    }

    /**
     * @param manualNonce null for a push or config change; for a manual build, what makes its ids new
     *                    (an image built by hand is built again whatever it was before)
     */
    public static Plan plan(String repoUrl, String commit, List<ImageChange> changes,
                            CommitInspector.Inspection inspection, History history, String manualNonce) {
        BuildPolicy.FileDecision policy = BuildPolicy.checkAll(inspection.after().images().values(),
                inspection.grants(), inspection.builders());
        if (policy.refused()) {
            return new Plan(List.of(), policy.refusals());
        }
        List<Step> steps = new ArrayList<>();
        for (ImageChange change : changes) {
            String name = change.image().name();
            String inputs = inspection.inputs().get(name);
            String identity = inspection.configHashes().get(name) + (manualNonce == null ? "" : "#manual-" + manualNonce);
            String buildId = BuildIds.buildId(repoUrl, commit, name, identity);
            Optional<BuildStatus> known = history.status(buildId);
            ImageConfig config = policy.allowed().get(name);
            if (known.isPresent()) {
                steps.add(new Known(buildId, name, known.get()));
            } else if (manualNonce == null && config.rebuildStrategy() != RebuildStrategy.ALWAYS
                    && inputs.equals(history.lastSucceededInputs(repoUrl, name))) {
                steps.add(new Skip(buildId, name, inputs));
            } else {
                steps.add(new Build(buildId, name, config, inputs));
            }
        }
        return new Plan(steps, List.of());
    }
}
