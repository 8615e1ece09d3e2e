package dev.buildline.worker.build;

import dev.buildline.git.GitMirror;
import dev.buildline.common.plan.ContextLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Writes an image's build context, as a tar, to buildx's stdin. Any exception it throws fails the build with that
 * reason, and buildx is stopped before it sees the end of its stdin.
 */
@FunctionalInterface
public interface ContextWriter {

    /**
     * @param excluded     answers for context-relative paths that .dockerignore leaves out
     * @param replacements context-relative paths and the content their entries carry instead of the commit's
     * @return number of entries written
     */
    long write(GitMirror.Snapshot snapshot, ContextLayout layout, Predicate<String> excluded, OutputStream out,
               Map<String, byte[]> replacements) throws IOException;
}
