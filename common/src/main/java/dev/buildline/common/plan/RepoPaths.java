package dev.buildline.common.plan;

import dev.buildline.common.plan.ContextLayout.PathEscapesRepositoryException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;

/**
 * Paths inside a repository: forward slashes, relative to its root, "" for the root itself. Everything a build reads
 * must stay inside; these functions say where a path lands or why it leaves.
 */
public final class RepoPaths {

    private static final Pattern WINDOWS_ABSOLUTE = Pattern.compile("^[A-Za-z]:[\\\\/].*");

    private RepoPaths() {
    }

    /**
     * Resolves {@code path} (as written in devspace.yaml) against the repository directory {@code base}.
     *
     * @param field what the path is, for the message ({@code context}, {@code dockerfile})
     * @throws PathEscapesRepositoryException when the path is absolute or climbs out of the repository
     */
    public static String resolve(String base, String path, String field) {
        if (path.startsWith("/") || path.startsWith("\\") || WINDOWS_ABSOLUTE.matcher(path).matches()) {
            throw new PathEscapesRepositoryException(field, path, "an absolute path");
        }
        String joined = base.isEmpty() ? path : base + "/" + path;
        String normalized = normalize(joined);
        if (normalized == null) {
            throw new PathEscapesRepositoryException(field, path, "it climbs out of the repository with '..'");
        }
        return normalized;
    }

    /**
     * Where a symbolic link at {@code linkPath} pointing at {@code target} lands, for the archiver's check.
     *
     * @throws PathEscapesRepositoryException when the target is absolute or leaves the repository
     */
    public static String symlinkTarget(String linkPath, String target) {
        int slash = linkPath.lastIndexOf('/');
        String dir = slash < 0 ? "" : linkPath.substring(0, slash);
        return resolve(dir, target, "symlink " + linkPath);
    }

    /** True when {@code path} is {@code dir} or below it ({@code dir} "" is the repository root). */
    public static boolean isInside(String dir, String path) {
        return dir.isEmpty() || path.equals(dir) || path.startsWith(dir + "/");
    }

    /** {@code path} relative to {@code dir}, which must contain it. */
    public static String relativize(String dir, String path) {
        if (!isInside(dir, path)) {
            throw new IllegalArgumentException(path + " is not inside " + dir);
        }
        return dir.isEmpty() ? path : path.equals(dir) ? "" : path.substring(dir.length() + 1);
    }

    /** Collapses '.', '..', empty segments and backslashes; null when '..' climbs above the start. */
    static String normalize(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.replace('\\', '/').split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
