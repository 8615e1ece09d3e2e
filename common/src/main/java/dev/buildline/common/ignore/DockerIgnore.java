package dev.buildline.common.ignore;

import dev.buildline.common.plan.ContextLayout;
import dev.buildline.common.plan.RepoPaths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A .dockerignore file with Docker's semantics: lines starting with '#' are comments, '/' at the start is dropped,
 * patterns are Go {@code filepath.Match} globs plus {@code **}, a path is excluded when it or one of its parent
 * directories matches, and the last matching line decides, so a later {@code !pattern} brings a path back.
 * Immutable; paths are forward-slash and relative to the build context.
 */
public final class DockerIgnore {

    /**
     * Limits no real file reaches (Docker has none; its matcher's cost, like this one's, grows with the pattern's
     * length times the name's): each path of a context is matched against every line.
     */
    static final int MAX_PATTERNS = 10_000;
    static final int MAX_PATTERN_CHARS = 1_024;

    /** DevSpace always leaves its own state directory out of the context. */
    public static final String DEVSPACE_STATE_DIR = ".devspace/";

    private final List<IgnorePattern> patterns;
    private final String source;

    private DockerIgnore(List<IgnorePattern> patterns, String source) {
        this.patterns = List.copyOf(patterns);
        this.source = source;
    }

    /** No patterns: nothing is excluded. */
    public static DockerIgnore none() {
        return new DockerIgnore(List.of(), null);
    }

    /**
     * Reads a .dockerignore file as Docker's {@code ignorefile.ReadAll} does.
     *
     * @throws InvalidIgnorePatternException for a line Docker would refuse ({@code !} alone, a malformed class), and
     *         for more than {@value #MAX_PATTERNS} patterns or one over {@value #MAX_PATTERN_CHARS} characters
     */
    public static DockerIgnore parse(String text) {
        List<String> lines = new ArrayList<>();
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String[] raw = body.split("\r?\n", -1);
        for (int number = 1; number <= raw.length; number++) {
            String line = raw[number - 1];
            if (line.startsWith("#")) {
                continue;
            }
            String pattern = normalize(line);
            if (pattern == null) {
                continue;
            }
            if (pattern.length() > MAX_PATTERN_CHARS) {
                throw InvalidIgnorePatternException.atLine(number, "the pattern is " + pattern.length()
                        + " characters long, more than the limit of " + MAX_PATTERN_CHARS);
            }
            if (lines.size() == MAX_PATTERNS) {
                throw InvalidIgnorePatternException.atLine(number, "more than " + MAX_PATTERNS + " patterns");
            }
            lines.add(pattern);
        }
        return new DockerIgnore(compile(lines), null);
    }

    /** Patterns given one by one, each treated like a line of a .dockerignore file (no comments). */
    public static DockerIgnore of(List<String> patterns) {
        List<String> lines = new ArrayList<>();
        for (String pattern : patterns) {
            String normalized = normalize(pattern);
            if (normalized != null) {
                lines.add(normalized);
            }
        }
        return new DockerIgnore(compile(lines), null);
    }

    /**
     * The rules a DevSpace build applies to {@code layout}'s context: the first of
     * {@link ContextLayout#ignoreFileCandidates()} that exists, then, as DevSpace does, {@code .dockerignore} excluded
     * when {@code devspace.dockerignore} was used, otherwise the ignore file itself kept; the Dockerfile kept; and
     * {@code .devspace/} excluded.
     *
     * @param readRepoFile the content of a file at a repository path, empty when there is none
     */
    public static DockerIgnore forBuild(ContextLayout layout, Function<String, Optional<String>> readRepoFile) {
        DockerIgnore rules = none();
        String used = null;
        for (String candidate : layout.ignoreFileCandidates()) {
            Optional<String> content = readRepoFile.apply(candidate);
            if (content.isPresent()) {
                rules = parse(content.get());
                used = candidate;
                break;
            }
        }
        if (used != null && used.equals(layout.inContext(ContextLayout.DEVSPACE_IGNORE_FILE))) {
            rules = rules.exclude(ContextLayout.DOCKER_IGNORE_FILE);
        } else if (used != null && RepoPaths.isInside(layout.contextDir(), used)) {
            // DevSpace keeps the ignore file by its base name; its path in the context is what it means
            rules = rules.keep(RepoPaths.relativize(layout.contextDir(), used));
        }
        rules = rules.keep(layout.fileInContext()).exclude(DEVSPACE_STATE_DIR);
        return new DockerIgnore(rules.patterns, used);
    }

    /** True when {@code path} (relative to the context) is left out of the build context. */
    public boolean excludes(String path) {
        String file = IgnorePattern.goClean(stripSlashes(path));
        if (file.isEmpty() || file.equals(".")) {
            return false; // Docker refuses to exclude the context itself
        }
        boolean matched = false;
        for (IgnorePattern pattern : patterns) {
            if (pattern.exception() != matched) {
                continue; // an exclusion cannot add to a match, an exception cannot undo a non-match
            }
            if (pattern.matchesSelfOrParent(file)) {
                matched = !pattern.exception();
            }
        }
        return matched;
    }

    /** These rules plus {@code !path} when {@code path} is excluded, so it stays in the context. */
    public DockerIgnore keep(String path) {
        return excludes(path) ? append("!" + path) : this;
    }

    /** These rules plus {@code pattern} at the end. */
    public DockerIgnore exclude(String pattern) {
        return append(pattern);
    }

    /** The patterns in order, cleaned, exceptions with their '!'. */
    public List<String> patterns() {
        List<String> texts = new ArrayList<>(patterns.size());
        patterns.forEach(pattern -> texts.add(pattern.text()));
        return Collections.unmodifiableList(texts);
    }

    /** The repository path of the ignore file these rules came from, when {@link #forBuild} found one. */
    public Optional<String> source() {
        return Optional.ofNullable(source);
    }

    private DockerIgnore append(String pattern) {
        List<IgnorePattern> more = new ArrayList<>(patterns);
        String normalized = normalize(pattern);
        if (normalized != null) {
            more.add(IgnorePattern.compile(normalized));
        }
        return new DockerIgnore(more, source);
    }

    /** ReadAll's per-line rules: trim, skip blank, clean, drop a leading '/', keep '!'. Null for a blank line. */
    private static String normalize(String line) {
        String pattern = line.strip();
        if (pattern.isEmpty()) {
            return null;
        }
        boolean exception = pattern.charAt(0) == '!';
        if (exception) {
            pattern = pattern.substring(1).strip();
        }
        if (!pattern.isEmpty()) {
            pattern = IgnorePattern.goClean(pattern);
            if (pattern.length() > 1 && pattern.charAt(0) == '/') {
                pattern = pattern.substring(1);
            }
        }
        return exception ? "!" + pattern : pattern;
    }

    private static List<IgnorePattern> compile(List<String> lines) {
        List<IgnorePattern> compiled = new ArrayList<>(lines.size());
        lines.forEach(line -> compiled.add(IgnorePattern.compile(line)));
        return compiled;
    }

    private static String stripSlashes(String path) {
        String p = path;
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        return p;
    }
}
