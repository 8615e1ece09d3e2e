package dev.buildline.worker.build;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a build's error says buildx exited with a code, and how the worker's metrics read that code back from the event
 * (a retry's {@code queued} event repeats the attempt's error after its own words): one sentence, written and read here.
 */
public final class BuildxExit {

    private static final String SENTENCE = "buildx exited with code ";
    private static final Pattern CODE = Pattern.compile(Pattern.quote(SENTENCE) + "(-?\\d+)");

    private BuildxExit() {
    }

    /** The first line of a failed build's error: {@code buildx exited with code 1}. */
    public static String describe(int exitCode) {
        return SENTENCE + exitCode;
    }

    /** The exit code named on the first line of an event's error; empty when buildx did not exit on its own. */
    public static OptionalInt codeIn(String error) {
        if (error == null) {
            return OptionalInt.empty();
        }
        Matcher matcher = CODE.matcher(error.lines().findFirst().orElse(""));
        return matcher.find() ? OptionalInt.of(Integer.parseInt(matcher.group(1))) : OptionalInt.empty();
    }
}
