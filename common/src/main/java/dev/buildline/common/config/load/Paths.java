package dev.buildline.common.config.load;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A place in the tree as a list of segments (map keys, list indexes as digits). Messages show it as Buildline's
 * YAML path ({@code images.app.tags[0]}); DevSpace's path filters match its slash form ({@code /images/app/tags/0}).
 */
final class Paths {

    private static final Pattern INDEX = Pattern.compile("\\d+");

    private Paths() {
    }

    static List<String> with(List<String> path, String segment) {
        List<String> longer = new ArrayList<>(path.size() + 1);
        longer.addAll(path);
        longer.add(segment);
        return longer;
    }

    static String dotted(List<String> path) {
        StringBuilder out = new StringBuilder();
        for (String segment : path) {
            if (INDEX.matcher(segment).matches()) {
                out.append('[').append(segment).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(segment);
            }
        }
        return out.toString();
    }

    static String slashed(List<String> path) {
        return "/" + String.join("/", path);
    }

    /** DevSpace's path globs ({@code /images/*}{@code /build/custom/args/**}) as one matcher. */
    static java.util.function.Predicate<List<String>> globs(List<String> globs) {
        List<Pattern> patterns = globs.stream().map(glob -> Pattern.compile("^" + Pattern.quote(glob)
                .replace("**", "\\E.+\\Q").replace("*", "\\E[^/]+\\Q") + "$")).toList();
        return path -> {
            String slashed = slashed(path);
            return patterns.stream().anyMatch(p -> p.matcher(slashed).matches());
        };
    }
}
