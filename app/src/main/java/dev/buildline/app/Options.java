package dev.buildline.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the form {@code --name value} or {@code --name=value}, each falling back to an environment
 * variable and then a default. Unknown options are an error that names them.
 */
public final class Options {

    private final Map<String, String> given = new HashMap<>();
    private final List<String> flags = new ArrayList<>();
    private final Map<String, String> env;

    private Options(Map<String, String> env) {
        this.env = env;
    }

    /**
     * @param valued options that take a value
     * @param booleans options that are flags
     */
    public static Options parse(List<String> args, Set<String> valued, Set<String> booleans, Map<String, String> env) {
        Options options = new Options(env);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (booleans.contains(name) && value == null) {
                options.flags.add(name);
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = args.get(++i);
                }
                options.given.put(name, value);
            } else {
                throw new UsageException("unknown option " + name);
            }
        }
        return options;
    }

    public String get(String name, String envVar, String fallback) {
        String value = given.get(name);
        if (value == null && envVar != null) {
            value = env.get(envVar);
        }
        return value == null || value.isEmpty() ? fallback : value;
    }

    public int getInt(String name, String envVar, int fallback) {
        String value = get(name, envVar, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + (envVar == null ? "" : " (" + envVar + ")") + " must be a number, got " + value);
        }
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    /** A wrong command line: the message says what to change. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
