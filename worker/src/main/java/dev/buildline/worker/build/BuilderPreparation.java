package dev.buildline.worker.build;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.plan.BuildPlan;
import java.time.Duration;

/**
 * What must be true before buildx runs for a plan (an in-cluster builder exists, is ready and known to buildx), held
 * for the length of the build. The local and minikube daemons need nothing.
 */
@FunctionalInterface
public interface BuilderPreparation {

    /** Returns a handle closed when the build ends; throws with a reason the build fails with. */
    AutoCloseable prepare(BuildPlan plan, ImageConfig image, Duration timeout) throws Exception;

    static BuilderPreparation none() {
        return (plan, image, timeout) -> () -> { };
    }
}
