package dev.buildline.app.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of one command: {@code --name value}, {@code --name=value}, short aliases and flags; every
 * option falls back to an environment variable. Repeatable options collect their values; their environment
 * variable holds a comma-separated list.
 */
public final class CliOptions {

    /** One option: its long name, short alias (or null), environment variable, and whether it takes a value. */
    public record Option(String name, String shortName, String envVar, boolean takesValue) {
    }

    private final Map<String, List<String>> values = new HashMap<>();
    private final Map<String, Option> byName = new HashMap<>();
    private final Map<String, String> env;

    private CliOptions(List<Option> options, Map<String, String> env) {
        this.env = env;
        for (Option option : options) {
            byName.put("--" + option.name(), option);
            if (option.shortName() != null) {
                byName.put("-" + option.shortName(), option);
            }
        }
    }

    /** @throws UsageException for an unknown option or a missing value */
    public static CliOptions parse(List<String> args, List<Option> options, Map<String, String> env) {
        CliOptions parsed = new CliOptions(options, env);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String inlineValue = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                inlineValue = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            Option option = parsed.byName.get(arg);
            if (option == null) {
                throw new UsageException("unknown option " + arg);
            }
            String value;
            if (!option.takesValue()) {
                value = inlineValue == null ? "true" : inlineValue;
            } else if (inlineValue != null) {
                value = inlineValue;
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(arg + " needs a value");
            }
            parsed.values.computeIfAbsent(option.name(), k -> new ArrayList<>()).add(value);
        }
        return parsed;
    }

    /** The last value given on the command line, else the environment variable, else {@code fallback}. */
    public String value(Option option, String fallback) {
        List<String> given = values.get(option.name());
        if (given != null) {
            return given.get(given.size() - 1);
        }
        String fromEnv = option.envVar() == null ? null : env.get(option.envVar());
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip() : fallback;
    }

    /** Every value given on the command line (each may be comma-separated), else the environment variable's list. */
    public List<String> values(Option option) {
        List<String> given = values.get(option.name());
        List<String> raw = given != null ? given : option.envVar() != null && env.get(option.envVar()) != null
                ? List.of(env.get(option.envVar())) : List.of();
        List<String> items = new ArrayList<>();
        for (String value : raw) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }

    /**
     * Every value given on the command line as written (no comma splitting: a value may hold commas), else the
     * environment variable's lines.
     */
    public List<String> repeated(Option option) {
        List<String> given = values.get(option.name());
        if (given != null) {
            return List.copyOf(given);
        }
        String fromEnv = option.envVar() == null ? null : env.get(option.envVar());
        return fromEnv == null ? List.of() : fromEnv.lines().filter(line -> !line.isBlank()).toList();
    }

    public boolean flag(Option option) {
        String value = value(option, "false").toLowerCase(Locale.ROOT);
        if (!Set.of("true", "false", "1", "0", "yes", "no").contains(value)) {
            throw new UsageException("--" + option.name() + " expects true or false, got '" + value + "'");
        }
        return Set.of("true", "1", "yes").contains(value);
    }

    /** The value as a number; a value that is not one is a usage error naming the option and its variable. */
    public int intValue(Option option, int fallback) {
        String value = value(option, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option.name() + (option.envVar() == null ? "" : " (" + option.envVar() + ")")
                    + " must be a number, got '" + value + "'");
        }
    }

    /** A command line that cannot be run; exit code 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
