package dev.buildline.worker.build;

import dev.buildline.git.GitMirror;
import dev.buildline.common.plan.ContextLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Writes an image's build context, as a tar, to buildx's stdin. Any exception it throws fails the build with that
 * reason, and buildx is stopped before it sees the end of its stdin. It asks {@code stopped} between entries and
 * ends with {@link ContextStoppedException} once it says yes (a cancel, a supersede, the build's timeout), so the
 * thread writing a large context does not go on after the build ended.
 */
@FunctionalInterface
public interface ContextWriter {

    /**
     * @param excluded     answers for context-relative paths that .dockerignore leaves out
     * @param replacements context-relative paths and the content their entries carry instead of the commit's
     * @param stopped      true once the build is to stop: the writer ends before its next entry
     * @return number of entries written
     */
    long write(GitMirror.Snapshot snapshot, ContextLayout layout, Predicate<String> excluded, OutputStream out,
               Map<String, byte[]> replacements, BooleanSupplier stopped) throws IOException;

    /** The build stopped while its context was being written; not a failure of the context. */
    final class ContextStoppedException extends IOException {
        public ContextStoppedException(long entries) {
            super("the build stopped while its context was written (" + entries + " entries in)");
        }
    }
}
