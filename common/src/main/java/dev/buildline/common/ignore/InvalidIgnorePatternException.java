package dev.buildline.common.ignore;

/** A .dockerignore line that Docker would refuse too; the build cannot go on with it. */
public final class InvalidIgnorePatternException extends RuntimeException {

    private final String pattern;

    public InvalidIgnorePatternException(String pattern, String why) {
        super("invalid .dockerignore pattern '" + pattern + "': " + why);
        this.pattern = pattern;
    }

    public String pattern() {
        return pattern;
    }
}
