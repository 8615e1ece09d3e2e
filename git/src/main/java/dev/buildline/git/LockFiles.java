package dev.buildline.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.util.CleanupService;

/**
 * Who removes the lock files of git operations. JGit, left alone, registers a JVM shutdown hook of its own that
 * deletes the lock file of every git operation in flight the moment the JVM begins to stop. A worker told to stop
 * (SIGTERM) drains for a while in its own hook, concurrently with JGit's: a fetch or a mirror's creation running
 * meanwhile then found its lock gone ({@code Lock on .../HEAD not held.}) and the build failed, during every rolling
 * deploy that caught one. Here the mirror owns its locks instead: JGit's hook is never installed (JGit's own
 * switch for hosts that manage its lifecycle, OSGi), and the locks a killed process left behind are removed when a
 * mirror is opened, before this process's first operation on it. A cache directory belongs to one
 * {@link GitMirror} at a time.
 */
final class LockFiles {

    /** The lock files JGit takes in a bare repository: the file beside the one it replaces, named *.lock. */
    private static final List<String> TOP_LEVEL = List.of("HEAD.lock", "config.lock", "packed-refs.lock",
            "FETCH_HEAD.lock", "shallow.lock");

    private LockFiles() {
    }

    /**
     * Keeps JGit from installing its shutdown hook: JGit installs it at its first lock in this JVM, through the
     * instance made here, which keeps the cleanup instead (nothing runs it; {@link #removeStale} does its work at the
     * next start). Harmless to call again; too late once JGit took a lock in this JVM, which a process does not.
     */
    static void keepJGitHookOut() {
        new CleanupService(); // its constructor makes it JGit's instance
    }

    /** Removes the lock files a process that died mid-operation left in a mirror no operation of ours holds yet. */
    static void removeStale(Path gitDir) throws IOException {
        for (String name : TOP_LEVEL) {
            Files.deleteIfExists(gitDir.resolve(name));
        }
        Path refs = gitDir.resolve("refs");
        if (!Files.isDirectory(refs)) {
            return;
        }
        try (Stream<Path> files = Files.walk(refs)) {
            for (Path lock : files.filter(path -> path.getFileName().toString().endsWith(".lock")).toList()) {
                Files.deleteIfExists(lock);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
