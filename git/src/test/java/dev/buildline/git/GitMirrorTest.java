package dev.buildline.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.Daemon;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitMirrorTest {

    @TempDir
    Path temp;

    @Test
    void objectIdsAreGitsOwnIdsOfTreesAndBlobs() throws Exception {
        Path repo = temp.resolve("repo");
        String commit;
        try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
            Files.createDirectories(repo.resolve("services/api"));
            Files.writeString(repo.resolve("services/api/Dockerfile"), "FROM scratch\n");
            Files.writeString(repo.resolve("README.md"), "docs\n");
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("t", "t@example.com");
            commit = git.commit().setMessage("files").setAuthor(who).setCommitter(who).call().name();
        }
        GitMirror mirror = new GitMirror(temp.resolve("mirror"), null, null);

        try (GitMirror.Snapshot snapshot = mirror.snapshot(repo.toUri().toString(), commit)) {
            String blob = snapshot.objectId("services/api/Dockerfile").orElseThrow();
            // what `git hash-object` prints for that content
            assertThat(blob).isEqualTo(new ObjectInserter.Formatter()
                    .idFor(Constants.OBJ_BLOB, "FROM scratch\n".getBytes(StandardCharsets.UTF_8)).name());
            assertThat(snapshot.objectId("services/api")).isPresent().isNotEqualTo(Optional.of(blob));
            assertThat(snapshot.objectId("")).contains(snapshot.commit().getTree().name());
            assertThat(snapshot.objectId("services/web")).isEmpty();
            assertThat(snapshot.objectId("README.md/inside")).isEmpty();
            assertThat(snapshot.objectId("missing/dir/file")).isEmpty();
        }
    }

    @Test
    void credentialsInAUrlNeverReachAMessage() {
        assertThat(GitMirror.redact("cannot fetch https://bot:ghp_s3cret@github.com/acme/app.git: not authorized"))
                .isEqualTo("cannot fetch https://***@github.com/acme/app.git: not authorized");
        assertThat(GitMirror.redact("file:///tmp/repo/")).isEqualTo("file:///tmp/repo/");
    }

    @Test
    void aRepositoryThatCannotBeFetchedNamesTheUrlWithoutItsToken() {
        GitMirror mirror = new GitMirror(temp.resolve("mirror"), null, null);
        String url = "file://user:t0ken@" + temp.resolve("missing").toAbsolutePath() + "/";

        assertThatThrownBy(() -> mirror.snapshot(url, "a".repeat(40)))
                .isInstanceOf(GitMirror.GitException.class)
                .hasMessageContaining("***@")
                .hasMessageNotContaining("t0ken");
    }

    @Test
    void aHostAnswering503CouldNotBeAskedWhichIsNotTheSameAsNotThere() throws Exception {
        // a git host in an outage: every smart-HTTP request (GET info/refs?service=git-upload-pack first) gets a 503
        HttpServer host = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        host.createContext("/", exchange -> {
            byte[] body = "Service Unavailable".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        host.start();
        try {
            GitMirror mirror = new GitMirror(temp.resolve("mirror"), null, null);
            String url = "http://127.0.0.1:" + host.getAddress().getPort() + "/acme/app.git";

            assertThatThrownBy(() -> mirror.snapshot(url, "a".repeat(40)))
                    .isInstanceOf(GitMirror.GitUnavailableException.class)
                    .hasMessageContaining("cannot fetch " + url)
                    .hasMessageContaining("503");
        } finally {
            host.stop(0);
        }
    }

    @Test
    void aHostThatRefusesConnectionsCouldNotBeAsked() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        GitMirror mirror = new GitMirror(temp.resolve("mirror"), null, null);

        assertThatThrownBy(() -> mirror.snapshot("http://127.0.0.1:" + closed + "/acme/app.git", "a".repeat(40)))
                .isInstanceOf(GitMirror.GitUnavailableException.class);
    }

    @Test
    void anUnknownCommitAndAMissingRepositoryAreNotThere() throws Exception {
        Path repo = temp.resolve("repo");
        try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
            Files.writeString(repo.resolve("README.md"), "docs\n");
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("t", "t@example.com");
            git.commit().setMessage("files").setAuthor(who).setCommitter(who).call();
        }
        GitMirror mirror = new GitMirror(temp.resolve("mirror"), null, null);
        String unknown = "c".repeat(40);

        assertThatThrownBy(() -> mirror.snapshot(repo.toUri().toString(), unknown))
                .isExactlyInstanceOf(GitMirror.GitException.class)
                .hasMessageContaining("commit " + unknown + " not found");
        assertThatThrownBy(() -> mirror.snapshot(temp.resolve("missing").toUri().toString(), unknown))
                .isExactlyInstanceOf(GitMirror.GitException.class);
    }

    @Test
    void aSnapshotOfACommitTheMirrorHasDoesNotWaitForAFetchOfAnother() throws Exception {
        Path repo = temp.resolve("repo");
        String present = commitReadme(repo, "docs\n");
        CountDownLatch fetchArrived = new CountDownLatch(1);
        CountDownLatch releaseFetch = new CountDownLatch(1);
        AtomicBoolean stall = new AtomicBoolean();
        // a real git:// host (JGit's daemon) whose answer to a fetch can be held back, as a slow host holds it
        Daemon host = new Daemon(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (Repository served = new FileRepositoryBuilder().setGitDir(repo.resolve(".git").toFile()).build()) {
            host.setRepositoryResolver((client, name) -> {
                served.incrementOpen();
                return served;
            });
            host.setUploadPackFactory((client, db) -> {
                if (stall.get()) {
                    fetchArrived.countDown();
                    try {
                        releaseFetch.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return new UploadPack(db);
            });
            host.start();
            String url = "git://127.0.0.1:" + host.getAddress().getPort() + "/app.git";
            GitMirror mirror = new GitMirror(temp.resolve("mirror"), null, null);
            mirror.snapshot(url, present).close(); // the mirror now has that commit
            stall.set(true);
            ExecutorService threads = Executors.newFixedThreadPool(2);
            try {
                CompletableFuture<Throwable> fetching = CompletableFuture.supplyAsync(() -> {
                    try (GitMirror.Snapshot unknown = mirror.snapshot(url, "b".repeat(40))) {
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }, threads);
                assertThat(fetchArrived.await(30, TimeUnit.SECONDS)).as("the fetch reached the host").isTrue();

                // bounded only so that a regression fails instead of hanging: the fetch is held until released
                String readme = CompletableFuture.supplyAsync(() -> {
                    try (GitMirror.Snapshot snapshot = mirror.snapshot(url, present)) {
                        return new String(snapshot.readFile("README.md").orElseThrow(), StandardCharsets.UTF_8);
                    }
                }, threads).get(20, TimeUnit.SECONDS);

                assertThat(readme).isEqualTo("docs\n");
                assertThat(fetching).as("the fetch is still held by the host").isNotDone();
                stall.set(false);
                releaseFetch.countDown();
                // git:// hangs up on a want it will not serve, so the failure's kind is the daemon's business here
                assertThat(fetching.get(60, TimeUnit.SECONDS)).isInstanceOf(GitMirror.GitException.class)
                        .hasMessageContaining("b".repeat(40));
            } finally {
                releaseFetch.countDown();
                threads.shutdownNow();
                host.stop();
                mirror.close();
            }
        }
    }

    @Test
    void closingOneSnapshotLeavesTheOthersOfTheMirrorReadable() throws Exception {
        Path repo = temp.resolve("repo");
        String first = commitReadme(repo, "one\n");
        String second = commitReadme(repo, "two\n");
        String url = repo.toUri().toString();
        try (GitMirror mirror = new GitMirror(temp.resolve("mirror"), null, null)) {
            GitMirror.Snapshot older = mirror.snapshot(url, first);
            try (GitMirror.Snapshot newer = mirror.snapshot(url, second);
                 GitMirror.Snapshot other = newer.other(first).orElseThrow()) {
                older.close();

                assertThat(newer.readFile("README.md")).map(String::new).contains("two\n");
                assertThat(other.readFile("README.md")).map(String::new).contains("one\n");
                assertThat(newer.changedPathsSince(other)).containsExactly("README.md");
            }
        }
    }

    private static String commitReadme(Path repo, String content) throws Exception {
        try (Git git = Files.exists(repo.resolve(".git")) ? Git.open(repo.toFile())
                : Git.init().setDirectory(repo.toFile()).call()) {
            Files.writeString(repo.resolve("README.md"), content);
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("t", "t@example.com");
            return git.commit().setMessage(content.strip()).setAuthor(who).setCommitter(who).call().name();
        }
    }
}
