package dev.buildline.common.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitMirrorTest {

    @TempDir
    Path temp;

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
