package dev.buildline.worker.incluster.model;

import dev.buildline.common.plan.BuildPlan;

/** Where a builder lives: its namespace and its buildx name (the Deployment is {@code <name>0}). */
public record BuilderKey(String namespace, String name) {

    public String deploymentName() {
        return BuildPlan.deploymentName(name);
    }

    /** One Lease per builder, next to its Deployment, serialises create and recreate across workers. */
    public String leaseName() {
        return "buildline-builder-" + name;
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
