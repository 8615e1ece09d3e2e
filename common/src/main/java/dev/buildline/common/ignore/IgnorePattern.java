package dev.buildline.common.ignore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One .dockerignore line after cleaning, matched the way moby's patternmatcher does: Go's {@code filepath.Match}
 * syntax ({@code *}, {@code ?}, {@code [...]}, {@code \} escapes) plus {@code **} for any number of directories.
 * Like moby, a pattern that is a literal ending in {@code **} is a prefix test and one starting with {@code **}
 * followed by a literal is a suffix test.
 *
 * <p>Moby turns the other patterns into a regular expression ({@code *} is {@code [^/]*}, {@code **} is
 * {@code (.*&#47;)?} or a final {@code .*}); Go's regexp runs in time linear in the name, Java's backtracks, and one
 * line of many {@code *} against a long name took a core for minutes. So the same expression is compiled here into
 * {@link Step}s and run as a set of states over the name, once: time proportional to the name's length times the
 * pattern's, whatever either holds. The same pass answers for every parent directory too (the states at each '/').
 */
final class IgnorePattern {

    private enum Kind { EXACT, PREFIX, SUFFIX, WILDCARD }

    /** One element of the compiled pattern; {@link #ANY_DIRS} and {@link #ANY} may match nothing. */
    private enum StepKind {
        /** one given character */
        LITERAL,
        /** {@code ?}: one character that is not '/' */
        ONE,
        /** {@code [...]}: one character in (or, negated, not in) the ranges; '/' too, as in moby's expression */
        CLASS,
        /** {@code *}: any run of characters without '/' */
        STAR,
        /** {@code **} followed by more: nothing, or any run of characters ending in '/' ({@code (.*&#47;)?}) */
        ANY_DIRS,
        /** {@code **} at the end of a pattern: any run of characters ({@code .*}) */
        ANY
    }

    private record Step(StepKind kind, int literal, int[] ranges, boolean negated) {
        static Step of(StepKind kind) {
            return new Step(kind, 0, null, false);
        }

        boolean skippable() {
            return kind == StepKind.STAR || kind == StepKind.ANY_DIRS || kind == StepKind.ANY;
        }

        /** Whether this step consumes {@code c} (for STAR, ANY and ANY_DIRS: stays in place while consuming it). */
        boolean takes(int c) {
            return switch (kind) {
                case LITERAL -> c == literal;
                case ONE, STAR -> c != '/';
                case ANY, ANY_DIRS -> c != '\n'; // '.' in Go's regexp
                case CLASS -> inRanges(c) != negated;
            };
        }

        private boolean inRanges(int c) {
            for (int i = 0; i < ranges.length; i += 2) {
                if (c >= ranges[i] && c <= ranges[i + 1]) {
                    return true;
                }
            }
            return false;
        }
    }

    private final String text;
    private final boolean exception;
    private final Kind kind;
    private final Step[] steps;

    private IgnorePattern(String text, boolean exception, Kind kind, List<Step> steps) {
        this.text = text;
        this.exception = exception;
        this.kind = kind;
        this.steps = steps.toArray(new Step[0]);
    }

    /**
     * @param line a pattern as {@code ReadAll} leaves it: trimmed, cleaned, leading '/' removed, maybe '!'-prefixed
     * @throws InvalidIgnorePatternException for "!" alone and for what filepath.Match calls a bad pattern
     */
    static IgnorePattern compile(String line) {
        String cleaned = clean(line);
        boolean exception = cleaned.startsWith("!");
        String pattern = exception ? cleaned.substring(1) : cleaned;
        if (exception && pattern.isEmpty()) {
            throw new InvalidIgnorePatternException(line, "'!' must be followed by a pattern");
        }
        List<Step> steps = new ArrayList<>();
        Kind kind = Kind.EXACT;
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '*') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    int start = i;
                    i += 2;
                    if (i < pattern.length() && pattern.charAt(i) == '/') {
                        i++;
                    }
                    if (i == pattern.length()) {
                        if (kind == Kind.EXACT) {
                            kind = Kind.PREFIX;
                        } else {
                            steps.add(Step.of(StepKind.ANY));
                            kind = Kind.WILDCARD;
                        }
                    } else {
                        steps.add(Step.of(StepKind.ANY_DIRS));
                        kind = Kind.WILDCARD;
                    }
                    if (start == 0) {
                        kind = Kind.SUFFIX;
                    }
                    continue;
                }
                steps.add(Step.of(StepKind.STAR));
                kind = Kind.WILDCARD;
            } else if (c == '?') {
                steps.add(Step.of(StepKind.ONE));
                kind = Kind.WILDCARD;
            } else if (c == '[') {
                i = characterClass(pattern, i, steps, line);
                kind = Kind.WILDCARD;
                continue;
            } else if (c == '\\') {
                if (i + 1 == pattern.length()) {
                    throw new InvalidIgnorePatternException(line, "a trailing '\\' escapes nothing");
                }
                int escaped = pattern.codePointAt(i + 1);
                steps.add(new Step(StepKind.LITERAL, escaped, null, false));
                kind = Kind.WILDCARD;
                i += 1 + Character.charCount(escaped);
                continue;
            } else {
                int literal = pattern.codePointAt(i);
                steps.add(new Step(StepKind.LITERAL, literal, null, false));
                i += Character.charCount(literal);
                continue;
            }
            i++;
        }
        return new IgnorePattern(pattern, exception, kind, kind == Kind.WILDCARD ? steps : List.of());
    }

    boolean exception() {
        return exception;
    }

    String text() {
        return (exception ? "!" : "") + text;
    }

    boolean matches(String path) {
        return switch (kind) {
            case EXACT -> path.equals(text);
            case PREFIX -> path.startsWith(text.substring(0, text.length() - 2));
            case SUFFIX -> {
                String suffix = text.substring(2);
                yield path.endsWith(suffix) || suffix.startsWith("/") && path.equals(suffix.substring(1));
            }
            case WILDCARD -> run(path, false);
        };
    }

    /** Whether the pattern matches {@code path} or one of its parent directories (the path is clean: no '//'). */
    boolean matchesSelfOrParent(String path) {
        if (kind == Kind.WILDCARD) {
            return run(path, true);
        }
        if (matches(path)) {
            return true;
        }
        for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
            if (matches(path.substring(0, slash))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The steps as a set of states run over {@code path} once. State {@code i} waits for step {@code i}; state
     * {@code steps.length} has matched them all. {@code insideDirs[i]} is the middle of an {@link StepKind#ANY_DIRS}
     * that has taken characters and still needs its '/'. With {@code orParent}, the pattern also matches when all
     * steps are done just before a '/' (that parent directory matches).
     */
    private boolean run(String path, boolean orParent) {
        int n = steps.length;
        boolean[] active = new boolean[n + 1];
        boolean[] insideDirs = new boolean[n];
        boolean[] nextActive = new boolean[n + 1];
        boolean[] nextInside = new boolean[n];
        active[0] = true;
        close(active);
        for (int at = 0; at < path.length(); ) {
            int c = path.codePointAt(at);
            if (orParent && c == '/' && active[n]) {
                return true;
            }
            Arrays.fill(nextActive, false);
            Arrays.fill(nextInside, false);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                Step step = steps[i];
                if (insideDirs[i] && step.takes(c)) {
                    nextInside[i] = true;
                    nextActive[i + 1] |= c == '/';
                    any = true;
                }
                if (!active[i] || !step.takes(c)) {
                    continue;
                }
                any = true;
                switch (step.kind()) {
                    case STAR, ANY -> nextActive[i] = true;
                    case ANY_DIRS -> {
                        nextInside[i] = true;
                        nextActive[i + 1] |= c == '/';
                    }
                    default -> nextActive[i + 1] = true;
                }
            }
            if (!any) {
                return false;
            }
            boolean[] swap = active;
            active = nextActive;
            nextActive = swap;
            swap = insideDirs;
            insideDirs = nextInside;
            nextInside = swap;
            close(active);
            at += Character.charCount(c);
        }
        return active[n];
    }

    /** Steps that may match nothing pass their state on (in order, so a run of them passes it all the way). */
    private void close(boolean[] active) {
        for (int i = 0; i < steps.length; i++) {
            if (active[i] && steps[i].skippable()) {
                active[i + 1] = true;
            }
        }
    }

    /** filepath.Clean on the pattern, as moby applies it (again) when it compiles. */
    private static String clean(String line) {
        String trimmed = line.strip();
        boolean exception = trimmed.startsWith("!");
        String body = exception ? trimmed.substring(1).strip() : trimmed;
        return (exception ? "!" : "") + goClean(body);
    }

    static String goClean(String path) {
        if (path.isEmpty()) {
            return path;
        }
        boolean rooted = path.startsWith("/");
        ArrayDeque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
                    parts.removeLast();
                } else if (!rooted) {
                    parts.addLast("..");
                }
            } else {
                parts.addLast(part);
            }
        }
        String joined = String.join("/", parts);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** Reads {@code [...]} starting at {@code open} into a step; returns the index after its ']'. Validates like Go. */
    private static int characterClass(String pattern, int open, List<Step> steps, String line) {
        int i = open + 1;
        boolean negated = false;
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            negated = true;
            i++;
        }
        List<Integer> ranges = new ArrayList<>();
        while (true) {
            if (i >= pattern.length()) {
                throw new InvalidIgnorePatternException(line, "'[' without a closing ']'");
            }
            if (pattern.charAt(i) == ']' && !ranges.isEmpty()) {
                steps.add(new Step(StepKind.CLASS, 0, ranges.stream().mapToInt(Integer::intValue).toArray(), negated));
                return i + 1;
            }
            int[] low = classChar(pattern, i, line);
            i = low[1];
            int high = low[0];
            if (i < pattern.length() && pattern.charAt(i) == '-') {
                int[] upper = classChar(pattern, i + 1, line);
                i = upper[1];
                high = upper[0];
                if (high < low[0]) {
                    // Java's and Go's regexp refuse a reversed range too
                    throw new InvalidIgnorePatternException(line, "range " + Character.toString(low[0]) + "-"
                            + Character.toString(high) + " is reversed");
                }
            }
            ranges.add(low[0]);
            ranges.add(high);
        }
    }

    /** One character of a class: {code point, next index}; '-' and ']' unescaped here are errors, as in Go. */
    private static int[] classChar(String pattern, int i, String line) {
        if (i >= pattern.length()) {
            throw new InvalidIgnorePatternException(line, "'[' without a closing ']'");
        }
        char c = pattern.charAt(i);
        if (c == '-' || c == ']') {
            throw new InvalidIgnorePatternException(line, "'" + c + "' must be escaped inside [...]");
        }
        if (c == '\\') {
            if (i + 1 >= pattern.length()) {
                throw new InvalidIgnorePatternException(line, "'[' without a closing ']'");
            }
            int cp = pattern.codePointAt(i + 1);
            return new int[] {cp, i + 1 + Character.charCount(cp)};
        }
        int cp = pattern.codePointAt(i);
        return new int[] {cp, i + Character.charCount(cp)};
    }
}
