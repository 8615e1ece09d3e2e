package dev.buildline.common.config;

/** One thing wrong with devspace.yaml, at a YAML path such as {@code images.backend.image}. */
public record ConfigProblem(String path, String message) {

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
