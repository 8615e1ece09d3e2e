package dev.buildline.common.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.common.plan.ContextLayout.PathEscapesRepositoryException;
import org.junit.jupiter.api.Test;

class RepoPathsTest {

    @Test
    void pathsResolveInsideTheRepository() {
        assertThat(RepoPaths.resolve("services/api", "../../shared/./lib", "context")).isEqualTo("shared/lib");
        assertThat(RepoPaths.resolve("", "./", "context")).isEmpty();
        assertThat(RepoPaths.resolve("a", "b\\c", "dockerfile")).isEqualTo("a/b/c");
    }

    @Test
    void climbingOutOrAbsoluteNamesThePath() {
        assertThatThrownBy(() -> RepoPaths.resolve("svc", "../../x", "context"))
                .isInstanceOf(PathEscapesRepositoryException.class)
                .hasMessage("context '../../x' is outside the repository: it climbs out of the repository with '..'");
        assertThatThrownBy(() -> RepoPaths.resolve("", "C:\\work\\Dockerfile", "dockerfile"))
                .hasMessage("dockerfile 'C:\\work\\Dockerfile' is outside the repository: an absolute path");
    }

    @Test
    void symlinkTargetsAreCheckedFromTheLinksDirectory() {
        assertThat(RepoPaths.symlinkTarget("app/config/current", "../shared/v2")).isEqualTo("app/shared/v2");
        assertThatThrownBy(() -> RepoPaths.symlinkTarget("app/secret", "../../etc/passwd"))
                .isInstanceOf(PathEscapesRepositoryException.class)
                .hasMessageStartingWith("symlink app/secret '../../etc/passwd' is outside the repository");
        assertThatThrownBy(() -> RepoPaths.symlinkTarget("app/key", "/root/.ssh/id_rsa"))
                .hasMessageEndingWith("an absolute path");
    }

    @Test
    void dockerfileInsideTheContextIsRelativeToIt() {
        ContextLayout layout = ContextLayout.of("", "./app", "app/docker/Dockerfile");

        assertThat(layout.fileInContext()).isEqualTo("docker/Dockerfile");
        assertThat(layout.dockerfileInjected()).isFalse();
    }

    @Test
    void dockerfileOutsideTheContextGetsADeterministicName() {
        ContextLayout first = ContextLayout.of("", "app", "Dockerfile");
        ContextLayout again = ContextLayout.of("", "./app/", "./Dockerfile");

        assertThat(first.dockerfileInjected()).isTrue();
        assertThat(first.fileInContext()).matches("\\.dockerfile\\.[0-9a-f]{20}").isEqualTo(again.fileInContext());
    }
}
