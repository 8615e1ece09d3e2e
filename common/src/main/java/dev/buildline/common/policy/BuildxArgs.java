package dev.buildline.common.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code buildKit.args} read as buildx reads them (cobra and spf13/pflag, interspersed): {@code --flag value},
 * {@code --flag=value}, a boolean flag without a value, shorthands with the value attached ({@code -tNAME},
 * {@code -t=NAME}) or next, combined shorthands ({@code -qt NAME}), {@code -} as an argument and {@code --} ending the
 * flags. A flag that takes a value takes the next item whatever it looks like, as pflag does. Each item says where
 * it starts in the list, so a refusal names {@code args[i]}.
 */
public final class BuildxArgs {

    /** One thing buildx would see in the args. */
    public sealed interface Item {
        /** Index in {@code buildKit.args} where it starts. */
        int index();
    }

    /** A known flag and its value ({@code "true"} for a boolean flag written alone). */
    public record FlagItem(int index, BuildxFlags.Flag flag, String value) implements Item {
    }

    /** A flag buildx does not have, as written (up to '='). */
    public record UnknownFlag(int index, String spelled) implements Item {
    }

    /** A flag that takes a value, last in the list: it would take the context argument {@code -} as its value. */
    public record MissingValue(int index, BuildxFlags.Flag flag) implements Item {
    }

    /** An argument that is no flag: a second build context (or anything after {@code --}). */
    public record Positional(int index) implements Item {
    }

    /** {@code --} itself, or a flag pflag refuses as bad syntax ({@code ---x}, {@code --=x}). */
    public record Malformed(int index, String reason) implements Item {
    }

    private BuildxArgs() {
    }

    public static List<Item> parse(List<String> args) {
        List<Item> items = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            int index = i++;
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                items.add(new Positional(index));
            } else if (arg.equals("--")) {
                items.add(new Malformed(index, "'--' ends buildx's flags"));
                for (; i < args.size(); i++) {
                    items.add(new Positional(i));
                }
            } else if (arg.startsWith("--")) {
                i = longFlag(args, index, items);
            } else {
                i = shorthands(args, index, items);
            }
        }
        return items;
    }

    private static int longFlag(List<String> args, int index, List<Item> items) {
        String name = args.get(index).substring(2);
        if (name.startsWith("-") || name.startsWith("=")) {
            items.add(new Malformed(index, "bad flag syntax"));
            return index + 1;
        }
        int eq = name.indexOf('=');
        String bare = eq < 0 ? name : name.substring(0, eq);
        Optional<BuildxFlags.Flag> flag = BuildxFlags.byName(bare);
        if (flag.isEmpty()) {
            items.add(new UnknownFlag(index, "--" + bare));
            return index + 1;
        }
        if (eq >= 0) {
            items.add(new FlagItem(index, flag.get(), name.substring(eq + 1)));
        } else if (!flag.get().takesValue()) {
            items.add(new FlagItem(index, flag.get(), "true"));
        } else if (index + 1 < args.size()) {
            items.add(new FlagItem(index, flag.get(), args.get(index + 1)));
            return index + 2;
        } else {
            items.add(new MissingValue(index, flag.get()));
        }
        return index + 1;
    }

    private static int shorthands(List<String> args, int index, List<Item> items) {
        String rest = args.get(index).substring(1);
        while (!rest.isEmpty()) {
            String letter = rest.substring(0, rest.offsetByCodePoints(0, 1));
            Optional<BuildxFlags.Flag> flag = BuildxFlags.byShorthand(letter);
            if (flag.isEmpty()) {
                items.add(new UnknownFlag(index, "-" + letter));
                return index + 1;
            }
            if (rest.length() > 2 && rest.charAt(1) == '=') {
                items.add(new FlagItem(index, flag.get(), rest.substring(2)));
                return index + 1;
            }
            if (!flag.get().takesValue()) {
                items.add(new FlagItem(index, flag.get(), "true"));
                rest = rest.substring(1);
            } else if (rest.length() > 1) {
                items.add(new FlagItem(index, flag.get(), rest.substring(1)));
                return index + 1;
            } else if (index + 1 < args.size()) {
                items.add(new FlagItem(index, flag.get(), args.get(index + 1)));
                return index + 2;
            } else {
                items.add(new MissingValue(index, flag.get()));
                return index + 1;
            }
        }
        return index + 1;
    }
}
