package dev.buildline.common.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Golden-file assertions: the expected output lives in a file under src/test/resources; a mismatch fails with a
 * line-by-line diff, and the actual output is written under target/golden-actual for review.
 */
public final class GoldenFiles {

    private GoldenFiles() {
    }

    /** The case directories under a test resource directory, sorted by name. */
    public static List<Path> cases(String resourceDir) {
        URL url = GoldenFiles.class.getClassLoader().getResource(resourceDir);
        if (url == null) {
            throw new IllegalStateException("no test resource directory " + resourceDir);
        }
        try (Stream<Path> dirs = Files.list(Path.of(url.toURI()))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A case's optional settings file ({@code site.properties}, {@code request.properties}); empty when absent. */
    public static Properties properties(Path caseDir, String fileName) throws IOException {
        Properties properties = new Properties();
        Path file = caseDir.resolve(fileName);
        if (Files.exists(file)) {
            properties.load(new StringReader(Files.readString(file)));
        }
        return properties;
    }

    public static void assertMatches(Path expectedFile, String actual) {
        String expected;
        try {
            expected = Files.exists(expectedFile) ? Files.readString(expectedFile) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (actual.equals(expected)) {
            return;
        }
        Path written = writeActual(expectedFile, actual);
        String source = expectedFile.toString().replace("target/test-classes", "src/test/resources");
        if (expected == null) {
            fail("missing golden file %s; actual output written to %s:%n%s", source, written, actual);
        }
        fail("%s does not match (- expected, + actual; actual output written to %s):%n%s", source, written,
                diff(expected, actual));
    }

    /** Lines only in the expected file start with '-', lines only in the actual output with '+'. */
    static String diff(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                out.append("  ").append(a.get(i++)).append('\n');
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                out.append("- ").append(a.get(i++)).append('\n');
            } else {
                out.append("+ ").append(b.get(j++)).append('\n');
            }
        }
        if (expected.endsWith("\n") != actual.endsWith("\n")) {
            out.append("(the files differ in their final newline)\n");
        }
        return out.toString();
    }

    private static Path writeActual(Path expectedFile, String actual) {
        Path target = Path.of("target", "golden-actual", expectedFile.getParent().getFileName().toString(),
                expectedFile.getFileName().toString());
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, actual);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target.toAbsolutePath();
    }
}
