package dev.buildline.common.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
