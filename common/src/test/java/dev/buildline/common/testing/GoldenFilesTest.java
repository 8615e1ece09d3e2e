package dev.buildline.common.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenFilesTest {

    @Test
    void diffMarksChangedLinesAndKeepsCommonOnes() {
        String diff = GoldenFiles.diff("a\nb\nc\n", "a\nB\nc\nd\n");

        assertThat(diff).isEqualTo("  a\n- b\n+ B\n  c\n+ d\n");
    }

    @Test
    void aMismatchFailsWithTheDiff(@TempDir Path dir) throws IOException {
        Path expected = dir.resolve("case").resolve("expected.jsonl");
        Files.createDirectories(expected.getParent());
        Files.writeString(expected, "{\"argv\":[\"--push\"]}\n");

        assertThatThrownBy(() -> GoldenFiles.assertMatches(expected, "{\"argv\":[\"--load\"]}\n"))
                .hasMessageContaining("- {\"argv\":[\"--push\"]}")
                .hasMessageContaining("+ {\"argv\":[\"--load\"]}");
    }

    @Test
    void aMissingFinalNewlineIsNamed(@TempDir Path dir) throws IOException {
        Path expected = dir.resolve("case").resolve("expected.jsonl");
        Files.createDirectories(expected.getParent());
        Files.writeString(expected, "x\n");

        assertThatThrownBy(() -> GoldenFiles.assertMatches(expected, "x"))
                .hasMessageContaining("final newline");
    }
}
