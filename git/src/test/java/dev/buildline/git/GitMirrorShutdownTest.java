package dev.buildline.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror's git operations and the process stopping. A worker told to stop drains in its shutdown hook; JGit's own
 * hook used to delete, at that moment, the lock of whatever git operation was in flight, and the drained build
 * failed with {@code Lock on .../HEAD not held.}. The process here holds a lock across its exit and finishes the
 * operation after every other shutdown hook ended, so the order that failed is the order that runs, every time.
 */
class GitMirrorShutdownTest {

    @TempDir
    Path temp;

    @Test
    void aLockHeldWhenTheProcessBeginsToStopIsStillHeldWhenTheDrainFinishesTheOperation() throws Exception {
        Path repo = temp.resolve("repo");
        String commit;
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("Dockerfile"), "FROM scratch\n");
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("t", "t@example.com");
            commit = git.commit().setMessage("one").setAuthor(who).setCommitter(who).call().name();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), LockHeldAtExit.class.getName(),
                temp.resolve("mirror").toString(), repo.toUri().toString(), commit))
                .redirectErrorStream(true).start();

        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(output.lines().filter(line -> line.equals("committed") || line.startsWith("failed: ")))
                .containsExactly("committed");
    }

    @Test
    void locksAProcessLeftBehindAreRemovedWhenTheMirrorIsOpenedAgain() throws Exception {
        // a worker killed mid-fetch (SIGKILL, out of memory) leaves its locks; its next start fetched into them forever
        Path repo = temp.resolve("repo");
        PersonIdent who = new PersonIdent("t", "t@example.com");
        String url = repo.toUri().toString();
        String second;
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.writeString(repo.resolve("a.txt"), "1\n");
            git.add().addFilepattern(".").call();
            String first = git.commit().setMessage("one").setAuthor(who).setCommitter(who).call().name();
            try (GitMirror mirror = new GitMirror(temp.resolve("mirror"), null, null)) {
                mirror.snapshot(url, first).close();
            }
            Files.writeString(repo.resolve("a.txt"), "2\n");
            git.add().addFilepattern(".").call();
            second = git.commit().setMessage("two").setAuthor(who).setCommitter(who).call().name();
        }
        Path gitDir;
        try (var dirs = Files.list(temp.resolve("mirror"))) {
            gitDir = dirs.filter(dir -> dir.toString().endsWith(".git")).findFirst().orElseThrow();
        }
        Files.writeString(gitDir.resolve("refs/heads/main.lock"), "");
        Files.writeString(gitDir.resolve("packed-refs.lock"), "");

        try (GitMirror mirror = new GitMirror(temp.resolve("mirror"), null, null);
             GitMirror.Snapshot snapshot = mirror.snapshot(url, second)) {
            assertThat(snapshot.readFile("a.txt")).hasValueSatisfying(bytes ->
                    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("2\n"));
        }
        assertThat(gitDir.resolve("refs/heads/main.lock")).doesNotExist();
    }
}
