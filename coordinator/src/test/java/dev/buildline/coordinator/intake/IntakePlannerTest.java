package dev.buildline.coordinator.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.config.BuildKitConfig;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.RebuildStrategy;
import dev.buildline.common.messages.BuildIds;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.policy.RepositoryGrants;
import dev.buildline.coordinator.plan.ChangeReason;
import dev.buildline.coordinator.plan.ImageChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Given what intake knows of earlier builds and the repository's grants, when a delivery comes, then each image's fate. */
class IntakePlannerTest {

    private static final String URL = "https://github.com/acme/shop";
    private static final String COMMIT = "c0ffee";
    private static final RepositoryGrants GRANTS = new RepositoryGrants(List.of("registry.example.com/acme/"), null,
            null);

    /**
     * known: the build id was seen with this status (or -); lastInputs: the last successful build's inputs (or -);
     * manual: built by hand; args: the second image's buildKit.args.
     */
    @ParameterizedTest(name = "[{index}] known {0}, last {1}, {2}, manual {3}, args {4} -> {5}")
    @CsvSource({
            "-,         -,      DEFAULT, false, -,          build",
            "-,         inputs, DEFAULT, false, -,          skip",
            "-,         inputs, ALWAYS,  false, -,          build",
            "-,         other,  DEFAULT, false, -,          build",
            "running,   -,      DEFAULT, false, -,          known running",
            "succeeded, inputs, DEFAULT, false, -,          known succeeded",
            "-,         inputs, DEFAULT, true,  -,          build",
            "-,         -,      DEFAULT, false, --label=x,  build",
            "-,         -,      DEFAULT, false, --push,     refused images.worker.buildKit.args[0]",
            "succeeded, inputs, DEFAULT, false, --push,     refused images.worker.buildKit.args[0]"})
    void eachTouchedImagesFate(String known, String lastInputs, RebuildStrategy strategy, boolean manual,
                               String workerArgs, String expected) {
        ImageConfig app = new ImageConfig("app", "registry.example.com/acme/app", null, null, null, null, null, null,
                false, strategy, null);
        ImageConfig worker = new ImageConfig("worker", "registry.example.com/acme/worker", null, null, null, null,
                null, null, false, null, new BuildKitConfig(null, workerArgs.equals("-") ? List.of()
                : List.of(workerArgs), null, null));
        Map<String, ImageConfig> images = new LinkedHashMap<>();
        images.put("app", app);
        images.put("worker", worker);
        CommitInspector.Inspection inspection = new CommitInspector.Inspection(null,
                new DevspaceConfig(images, List.of()), null, Map.of("app", "hash-app", "worker", "hash-worker"),
                Map.of("app", "inputs", "worker", "inputs-w"),
                new RepositorySettings.Entry(URL, "devspace.yaml", Map.of(), List.of(), Map.of()), GRANTS, Map.of());
        String nonce = manual ? "n1" : null;
        String buildId = BuildIds.buildId(URL, COMMIT, "app", "hash-app" + (manual ? "#manual-n1" : ""));
        IntakePlanner.History history = new IntakePlanner.History() {
            @Override
            public Optional<BuildStatus> status(String id) {
                return known.equals("-") || !id.equals(buildId) ? Optional.empty()
                        : Optional.of(BuildStatus.fromWire(known));
            }

            @Override
            public String lastSucceededInputs(String repoUrl, String image) {
                return lastInputs.equals("-") ? null : lastInputs;
            }
        };

        IntakePlanner.Plan plan = IntakePlanner.plan(URL, COMMIT, List.of(new ImageChange(app, ChangeReason.MANUAL)),
                inspection, history, nonce);

        if (expected.startsWith("refused ")) {
            assertThat(plan.steps()).isEmpty();
            assertThat(plan.refusals()).extracting(refusal -> refusal.path())
                    .containsExactly(expected.substring("refused ".length()));
        } else if (expected.startsWith("known ")) {
            assertThat(plan.steps()).containsExactly(new IntakePlanner.Known(buildId, "app",
                    BuildStatus.fromWire(expected.substring("known ".length()))));
        } else if (expected.equals("skip")) {
            assertThat(plan.steps()).containsExactly(new IntakePlanner.Skip(buildId, "app", "inputs"));
        } else {
            assertThat(plan.steps()).containsExactly(new IntakePlanner.Build(buildId, "app", app, "inputs"));
        }
    }
}
