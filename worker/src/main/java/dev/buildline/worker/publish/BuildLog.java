package dev.buildline.worker.publish;

import dev.buildline.common.mask.Masker;
import dev.buildline.common.messages.BuildLogChunk;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Collects one build's output lines into chunks for build-logs (at most {@code maxLines} published, then one line
 * saying the log was cut) and keeps the last lines for the terminal event's error. Every line is masked first
 * ({@link Masker}): chunks hold whole lines, so a value is never split between two of them; a line the worker cut
 * short also loses a value's start at the cut.
 */
public final class BuildLog {

    static final int CHUNK_LINES = 50;
    static final long CHUNK_MILLIS = 250;
    /** How {@code OutputLines} ends a line it cut short: the kept part comes before it. */
    private static final String CUT_NOTE = " [buildline: line cut at ";
    public static final int TAIL_LINES = 20;

    private final Publisher publisher;
    private final String buildId;
    private final int attempt;
    private final int maxLines;
    private final Clock clock;
    private final Masker masker;
    private final List<String> pending = new ArrayList<>();
    private final Deque<String> tail = new ArrayDeque<>();
    private long seq;
    private long published;
    private long lastFlush;
    private boolean cut;

    public BuildLog(Publisher publisher, String buildId, int attempt, int maxLines, Clock clock) {
        this(publisher, buildId, attempt, maxLines, clock, Masker.NONE);
    }

    /** @param masker hides the repository's settings values in every line */
    public BuildLog(Publisher publisher, String buildId, int attempt, int maxLines, Clock clock, Masker masker) {
        this.publisher = publisher;
        this.buildId = buildId;
        this.attempt = attempt;
        this.maxLines = maxLines;
        this.clock = clock;
        this.masker = masker;
        this.lastFlush = clock.millis();
    }

    public synchronized void line(String output) {
        String line = masked(output);
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
        if (published + pending.size() >= maxLines) {
            if (!cut) {
                cut = true;
                pending.add("[buildline] log cut after " + maxLines + " lines; the last " + TAIL_LINES
                        + " lines are kept in the build's error");
            }
        } else {
            pending.add(line);
        }
        if (pending.size() >= CHUNK_LINES || clock.millis() - lastFlush >= CHUNK_MILLIS) {
            flush();
        }
    }

    /** Publishes what is pending (not awaited; call {@link Publisher#flush()} to wait). */
    public synchronized void flush() {
        lastFlush = clock.millis();
        if (pending.isEmpty()) {
            return;
        }
        publisher.log(new BuildLogChunk(BuildLogChunk.SCHEMA_VERSION, buildId, attempt, seq++, pending, clock.instant()));
        published += pending.size();
        pending.clear();
    }

    private String masked(String line) {
        if (masker.isEmpty()) {
            return line;
        }
        int cut = line.lastIndexOf(CUT_NOTE);
        if (cut < 0) {
            return masker.mask(line);
        }
        return masker.maskCut(line.substring(0, cut)) + masker.mask(line.substring(cut));
    }

    public synchronized List<String> tail() {
        return List.copyOf(tail);
    }
}
