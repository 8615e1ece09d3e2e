package dev.buildline.worker.incluster.model;

/** An inCluster option that cannot become a Deployment; the message names its YAML path. */
public final class InvalidBuilderOptionException extends IllegalArgumentException {

    private final String yamlPath;

    public InvalidBuilderOptionException(String yamlPath, String problem) {
        super(yamlPath + ": " + problem);
        this.yamlPath = yamlPath;
    }

    public String yamlPath() {
        return yamlPath;
    }
}
