package dev.buildline.common.ignore;

import java.util.ArrayDeque;
import java.util.regex.Pattern;

/**
 * One .dockerignore line after cleaning, matched the way moby's patternmatcher does: Go's {@code filepath.Match}
 * syntax ({@code *}, {@code ?}, {@code [...]}, {@code \} escapes) plus {@code **} for any number of directories.
 * Like moby, a pattern that is a literal ending in {@code **} is a prefix test and one starting with {@code **}
 * followed by a literal is a suffix test.
 */
final class IgnorePattern {

    private enum Kind { EXACT, PREFIX, SUFFIX, REGEX }

    private final String text;
    private final boolean exception;
    private final Kind kind;
    private final Pattern regex;

    private IgnorePattern(String text, boolean exception, Kind kind, Pattern regex) {
        this.text = text;
        this.exception = exception;
        this.kind = kind;
        this.regex = regex;
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
        StringBuilder regex = new StringBuilder("^");
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
                            regex.append(".*");
                            kind = Kind.REGEX;
                        }
                    } else {
                        regex.append("(.*/)?");
                        kind = Kind.REGEX;
                    }
                    if (start == 0) {
                        kind = Kind.SUFFIX;
                    }
                    continue;
                }
                regex.append("[^/]*");
                kind = Kind.REGEX;
            } else if (c == '?') {
                regex.append("[^/]");
                kind = Kind.REGEX;
            } else if (c == '[') {
                i = characterClass(pattern, i, regex, line);
                kind = Kind.REGEX;
                continue;
            } else if (c == '\\') {
                if (i + 1 == pattern.length()) {
                    throw new InvalidIgnorePatternException(line, "a trailing '\\' escapes nothing");
                }
                int escaped = pattern.codePointAt(i + 1);
                regex.append(Pattern.quote(Character.toString(escaped)));
                kind = Kind.REGEX;
                i += 1 + Character.charCount(escaped);
                continue;
            } else {
                int literal = pattern.codePointAt(i);
                regex.append(Pattern.quote(Character.toString(literal)));
                i += Character.charCount(literal);
                continue;
            }
            i++;
        }
        Pattern compiled = kind == Kind.REGEX ? Pattern.compile(regex.append('$').toString()) : null;
        return new IgnorePattern(pattern, exception, kind, compiled);
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
            case REGEX -> regex.matcher(path).matches();
        };
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

    /** Translates {@code [...]} starting at {@code open}; returns the index after its ']'. Validates like Go. */
    private static int characterClass(String pattern, int open, StringBuilder regex, String line) {
        int i = open + 1;
        regex.append('[');
        if (i < pattern.length() && pattern.charAt(i) == '^') {
            regex.append('^');
            i++;
        }
        int items = 0;
        while (true) {
            if (i >= pattern.length()) {
                throw new InvalidIgnorePatternException(line, "'[' without a closing ']'");
            }
            if (pattern.charAt(i) == ']' && items > 0) {
                regex.append(']');
                return i + 1;
            }
            int[] low = classChar(pattern, i, line);
            i = low[1];
            regex.append(escapeInClass(low[0]));
            if (i < pattern.length() && pattern.charAt(i) == '-') {
                int[] high = classChar(pattern, i + 1, line);
                i = high[1];
                regex.append('-').append(escapeInClass(high[0]));
            }
            items++;
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

    private static String escapeInClass(int codePoint) {
        return "\\x{" + Integer.toHexString(codePoint) + "}";
    }
}
