package dev.buildline.common.ignore;

/** A .dockerignore line that Docker would refuse too, or one over a limit; the build cannot go on with it. */
public final class InvalidIgnorePatternException extends RuntimeException {

    private final String pattern;

    public InvalidIgnorePatternException(String pattern, String why) {
        this("invalid .dockerignore pattern '" + pattern + "': " + why, pattern, true);
    }

    private InvalidIgnorePatternException(String message, String pattern, boolean unused) {
        super(message);
        this.pattern = pattern;
    }

    /** A line over a limit: named by its number, since the pattern itself may be too long to show. */
    static InvalidIgnorePatternException atLine(int line, String why) {
        return new InvalidIgnorePatternException(".dockerignore line " + line + ": " + why, "line " + line, true);
    }

    public String pattern() {
        return pattern;
    }
}
