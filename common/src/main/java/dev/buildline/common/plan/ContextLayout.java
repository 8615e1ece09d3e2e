package dev.buildline.common.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Where an image's context and Dockerfile sit in the repository (forward-slash paths relative to its root, "" for
 * the root itself) and the {@code --file} value buildx sees inside the context tar. A Dockerfile outside the context
 * travels inside the tar as {@code .dockerfile.<20 hex>}, as the Docker CLI and DevSpace do; the name is derived from
 * the Dockerfile's path, so the plan is deterministic.
 */
public record ContextLayout(String contextDir, String dockerfilePath, String fileInContext, boolean dockerfileInjected) {

    /** The ignore files DevSpace looks for, first found wins. */
    public static final String DEVSPACE_IGNORE_FILE = "devspace.dockerignore";
    public static final String DOCKER_IGNORE_FILE = ".dockerignore";

    /**
     * @param configDir  directory of devspace.yaml relative to the repository root ("" for the root)
     * @param context    the image's {@code context} as written
     * @param dockerfile the image's {@code dockerfile} as written
     * @throws PathEscapesRepositoryException when either path leaves the repository
     */
    public static ContextLayout of(String configDir, String context, String dockerfile) {
        String contextDir = RepoPaths.resolve(configDir, context, "context");
        String dockerfilePath = RepoPaths.resolve(configDir, dockerfile, "dockerfile");
        if (dockerfilePath.isEmpty()) {
            throw new PathEscapesRepositoryException("dockerfile", dockerfile, "it names the repository root, not a file");
        }
        if (RepoPaths.isInside(contextDir, dockerfilePath) && !dockerfilePath.equals(contextDir)) {
            return new ContextLayout(contextDir, dockerfilePath, RepoPaths.relativize(contextDir, dockerfilePath), false);
        }
        return new ContextLayout(contextDir, dockerfilePath, ".dockerfile." + hex20(dockerfilePath), true);
    }

    /**
     * Repository paths of the ignore files to try, in DevSpace's order: {@code devspace.dockerignore} in the context,
     * {@code <Dockerfile>.dockerignore} next to the Dockerfile, {@code .dockerignore} in the context.
     */
    public List<String> ignoreFileCandidates() {
        return List.of(inContext(DEVSPACE_IGNORE_FILE), dockerfilePath + ".dockerignore", inContext(DOCKER_IGNORE_FILE));
    }

    /** The repository path of {@code relative}, a path inside the context. */
    public String inContext(String relative) {
        return contextDir.isEmpty() ? relative : contextDir + "/" + relative;
    }

    private static String hex20(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** A context, Dockerfile or symlink path that points outside the repository. */
    public static final class PathEscapesRepositoryException extends RuntimeException {
        private final String field;
        private final String path;

        public PathEscapesRepositoryException(String field, String path, String why) {
            super(field + " '" + path + "' is outside the repository: " + why);
            this.field = field;
            this.path = path;
        }

        public String field() {
            return field;
        }

        public String path() {
            return path;
        }

        /** The rule without the field name, for messages that already name it by YAML path. */
        public String reason() {
            return getMessage().substring(field.length() + 1);
        }
    }
}
