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
import org.eclipse.jgit.api.Git;
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
}
