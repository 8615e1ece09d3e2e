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

    /**
     * DevSpace's path globs ({@code /images/*}{@code /build/custom/args/**}; {@code *} one segment, {@code **} one or
     * more) as one matcher over segments, without building a string per node.
     */
    static java.util.function.Predicate<List<String>> globs(List<String> globs) {
        List<String[]> patterns = globs.stream().map(glob -> glob.substring(1).split("/")).toList();
        return path -> {
            for (String[] pattern : patterns) {
                if (matches(pattern, path)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static boolean matches(String[] pattern, List<String> path) {
        int n = pattern.length;
        boolean rest = pattern[n - 1].equals("**");
        int fixed = rest ? n - 1 : n;
        if (rest ? path.size() <= fixed : path.size() != fixed) {
            return false;
        }
        for (int i = 0; i < fixed; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }
}
