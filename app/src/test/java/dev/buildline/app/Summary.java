package dev.buildline.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One row of the side-by-side table {@code scripts/bench.sh} prints at the end of a run: a figure, the limit it is
 * measured against, their ratio and the target from issue 14. Each benchmark prints its rows and, when
 * {@code bench.summary} names a file, appends them there for the script to gather.
 */
final class Summary {

    static final String HEADER = String.format("%-48s %14s %14s %8s  %s", "figure", "measured", "limit", "ratio",
            "target (issue 14)");

    private Summary() {
    }

    /** {@code ratio} is measured / limit in the direction the target states; NaN when there is no limit. */
    static void row(String figure, String measured, String limit, double ratio, String target) {
        String line = String.format("%-48s %14s %14s %8s  %s", figure, measured, limit,
                Double.isNaN(ratio) ? "-" : String.format("%.3fx", ratio), target);
        System.out.println(line);
        String file = System.getProperty("bench.summary");
        if (file != null && !file.isBlank()) {
            try {
                Files.writeString(Path.of(file), line + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("cannot append to the benchmark summary " + file, e);
            }
        }
    }
}
