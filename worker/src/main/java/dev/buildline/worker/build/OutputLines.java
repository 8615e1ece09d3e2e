package dev.buildline.worker.build;

import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;

/**
 * Splits a process's output into lines where {@link java.io.BufferedReader#readLine()} would ({@code \n}, {@code \r}
 * or {@code \r\n}), but never holds more than {@code maxChars} of one line: a command that prints without a newline
 * (a binary blob, a progress bar gone wrong) must not fill the worker's heap. The rest of a longer line is dropped and
 * counted in a note at its end.
 */
final class OutputLines {

    private OutputLines() {
    }

    static void read(Reader reader, int maxChars, Consumer<String> lines) throws IOException {
        StringBuilder line = new StringBuilder();
        long dropped = 0;
        boolean afterCr = false;
        char[] buffer = new char[8192];
        int read;
        while ((read = reader.read(buffer)) >= 0) {
            for (int i = 0; i < read; i++) {
                char c = buffer[i];
                if (c == '\n' && afterCr) {
                    afterCr = false;
                    continue;
                }
                afterCr = c == '\r';
                if (c == '\n' || c == '\r') {
                    lines.accept(ended(line, dropped));
                    line.setLength(0);
                    dropped = 0;
                } else if (line.length() < maxChars) {
                    line.append(c);
                } else {
                    dropped++;
                }
            }
        }
        if (line.length() > 0 || dropped > 0) {
            lines.accept(ended(line, dropped));
        }
    }

    private static String ended(StringBuilder line, long dropped) {
        return dropped == 0 ? line.toString()
                : line + " [buildline: line cut at " + line.length() + " characters, " + dropped + " more dropped]";
    }
}
