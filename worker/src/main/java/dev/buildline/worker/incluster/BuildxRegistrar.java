package dev.buildline.worker.incluster;

import dev.buildline.common.plan.BuildPlan;
import dev.buildline.worker.build.ProcessRunner;
import dev.buildline.worker.incluster.model.BuilderKey;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes buildx know the builder: {@code <command> inspect <name>}, and when that fails the plan's create argv
 * ({@code <command> create --driver kubernetes ...}). buildx then adopts the Deployment Buildline ensured. Argv only,
 * never a shell. A builder once known is remembered, so steady-state builds spawn nothing here.
 */
final class BuildxRegistrar {

    private static final Logger LOGGER = LoggerFactory.getLogger(BuildxRegistrar.class);

    private final Set<List<String>> known = ConcurrentHashMap.newKeySet();
    private final ProcessRunner runner;

    BuildxRegistrar() {
        this(new ProcessRunner());
    }

    /** @param runner the worker's one runner, whose environment (KUBECONFIG in a pod) buildx gets under the plan's */
    BuildxRegistrar(ProcessRunner runner) {
        this.runner = runner;
    }

    void ensureRegistered(BuilderKey key, BuildPlan plan, long deadlineNanos) throws InterruptedException {
        List<String> inspect = new ArrayList<>(command(plan));
        inspect.add("inspect");
        inspect.add(plan.builderName());
        if (known.contains(inspect)) {
            return;
        }
        Result inspected = run(key, inspect, plan, deadlineNanos);
        if (inspected.exitCode() < 0) {
            throw new BuildxRegistrationException(key, inspect, inspected.exitCode(), inspected.output());
        }
        if (inspected.exitCode() != 0) {
            LOGGER.atInfo().addKeyValue("builder", key).addKeyValue("argv", plan.createArgv())
                    .log("buildx does not know the builder yet; creating it");
            Result created = run(key, plan.createArgv(), plan, deadlineNanos);
            if (created.exitCode() != 0) {
                throw new BuildxRegistrationException(key, plan.createArgv(), created.exitCode(), created.output());
            }
        }
        known.add(inspect);
    }

    /**
     * The configured {@code buildKit.command}: where the build argv and the create argv agree, before
     * {@code build} and {@code create} part them.
     */
    static List<String> command(BuildPlan plan) {
        List<String> build = plan.argv();
        List<String> create = plan.createArgv();
        int common = 0;
        while (common < build.size() && common < create.size() && build.get(common).equals(create.get(common))) {
            common++;
        }
        return List.copyOf(create.subList(0, common));
    }

    private record Result(int exitCode, String output) {
    }

    /** Runs within what is left of the deadline, however buildx behaves: past it, SIGINT then SIGKILL. */
    private Result run(BuilderKey key, List<String> argv, BuildPlan plan, long deadlineNanos)
            throws InterruptedException {
        try {
            ProcessRunner.Captured result = runner.run(argv, plan.env(),
                    Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime())));
            String output = result.stdout() + result.stderr();
            return new Result(result.timedOut() ? -1 : result.exitCode(), output);
        } catch (IOException e) {
            throw new BuildxRegistrationException(key, argv, -1, "could not run it: " + e.getMessage());
        }
    }
}
