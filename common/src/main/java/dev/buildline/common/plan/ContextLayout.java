package dev.buildline.common.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/**
 * Where an image's context and Dockerfile sit in the repository (forward-slash paths relative to its root, "" for
 * the root itself) and the {@code --file} value buildx sees inside the context tar. A Dockerfile outside the context
 * travels inside the tar under a generated name, as DevSpace does.
 */
public record ContextLayout(String contextDir, String dockerfilePath, String fileInContext, boolean dockerfileInjected) {

    /**
     * @param configDir directory of devspace.yaml relative to the repository root ("" for the root)
     * @param context   the image's {@code context} as written
     * @param dockerfile the image's {@code dockerfile} as written
     * @throws PathEscapesRepositoryException when either path leaves the repository
     */
    public static ContextLayout of(String configDir, String context, String dockerfile) {
        String contextDir = resolve(configDir, context, "context");
        String dockerfilePath = resolve(configDir, dockerfile, "dockerfile");
        String prefix = contextDir.isEmpty() ? "" : contextDir + "/";
        if (dockerfilePath.startsWith(prefix) && dockerfilePath.length() > prefix.length()) {
            return new ContextLayout(contextDir, dockerfilePath, dockerfilePath.substring(prefix.length()), false);
        }
        return new ContextLayout(contextDir, dockerfilePath, ".dockerfile." + hex20(dockerfilePath), true);
    }

    /** Normalizes {@code path} against {@code base}; both relative, forward slashes; fails when it climbs out. */
    static String resolve(String base, String path, String field) {
        if (path.startsWith("/") || path.matches("^[A-Za-z]:[\\\\/].*")) {
            throw new PathEscapesRepositoryException(field, path, "an absolute path");
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : (base + "/" + path.replace('\\', '/')).split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new PathEscapesRepositoryException(field, path, "it climbs out of the repository");
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }

    private static String hex20(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** A context or Dockerfile path that points outside the repository. */
    public static final class PathEscapesRepositoryException extends RuntimeException {
        private final String field;

        public PathEscapesRepositoryException(String field, String path, String why) {
            super(field + " '" + path + "' is outside the repository: " + why);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
