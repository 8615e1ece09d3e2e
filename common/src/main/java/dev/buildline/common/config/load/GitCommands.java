package dev.buildline.common.config.load;

import dev.buildline.common.config.load.GitFacts.CommitInfo;
import dev.buildline.common.config.load.GitFacts.UnavailableException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The git commands real devspace.yaml files run in expressions and command variables, answered from the commit
 * itself ({@link GitFacts}) as git would print them in a clean checkout of the pushed ref. Nothing is executed: the
 * command line is split into words (quotes allowed, no shell syntax), and only these forms are known:
 * <ul>
 *   <li>{@code git rev-parse [--verify] [--short[=N]] HEAD}, {@code git rev-parse --abbrev-ref HEAD}</li>
 *   <li>{@code git describe [--tags] [--always] [--abbrev=N] [--long] [--dirty] [HEAD]}</li>
 *   <li>{@code git log -1 --format=F} (also {@code -n 1}, {@code --max-count=1}, {@code --pretty=format:F}) with
 *       the placeholders %H %h %an %ae %at %ai %aI %cn %ce %ct %ci %cI %s %b %B %n %%</li>
 *   <li>{@code git branch --show-current}, {@code git symbolic-ref --short HEAD}</li>
 * </ul>
 * Everything else is refused with {@link RefusedException}, naming the expression and its path.
 */
final class GitCommands {

    private static final String SHELL_SYNTAX = "|&;<>()$`\\*?[]{}~!#\n\r";
    static final String KNOWN = "git rev-parse [--short] HEAD, git rev-parse --abbrev-ref HEAD, "
            + "git describe [--tags] [--always] [--abbrev=N], git log -1 --format=..., git branch --show-current";

    private final GitFacts facts;

    GitCommands(GitFacts facts) {
        this.facts = facts;
    }

    /** A command line as a shell would get it. */
    String run(String commandLine, Supplier<String> what, String path) {
        List<String> words = words(commandLine, what, path);
        return answer(words, what, path);
    }

    /** A command with its argument list (no shell). */
    String run(String command, List<String> args, Supplier<String> what, String path) {
        List<String> words = new ArrayList<>();
        words.add(command);
        words.addAll(args);
        return answer(words, what, path);
    }

    private String answer(List<String> words, Supplier<String> what, String path) {
        if (words.size() < 2 || !words.get(0).equals("git")) {
            throw refused(what, path, "it is not a git query");
        }
        try {
            String answer = switch (words.get(1)) {
                case "rev-parse" -> revParse(words.subList(2, words.size()));
                case "describe" -> describe(words.subList(2, words.size()));
                case "log" -> log(words.subList(2, words.size()));
                case "branch" -> words.equals(List.of("git", "branch", "--show-current"))
                        ? (facts.branch().equals("HEAD") ? "" : facts.branch()) + "\n" : null;
                case "symbolic-ref" -> words.subList(2, words.size()).equals(List.of("--short", "HEAD"))
                        ? symbolicRef(what, path) : null;
                default -> null;
            };
            if (answer == null) {
                throw refused(what, path, "Buildline does not know this git command");
            }
            return answer;
        } catch (UnavailableException e) {
            throw Problems.at(path, null, what.get() + " cannot be answered: " + e.getMessage());
        } catch (GitFailedException e) {
            throw Problems.at(path, null, "error executing config expression " + String.join(" ", words) + ": "
                    + e.getMessage());
        }
    }

    private String symbolicRef(Supplier<String> what, String path) {
        if (facts.branch().equals("HEAD")) {
            throw new GitFailedException("fatal: ref HEAD is not a symbolic ref (the ref pushed is not a branch)");
        }
        return facts.branch() + "\n";
    }

    private String revParse(List<String> args) {
        int abbrev = 0;
        boolean abbrevRef = false;
        String rev = null;
        for (String arg : args) {
            if (arg.equals("--verify") || arg.equals("-q") || arg.equals("--quiet")) {
                continue;
            } else if (arg.equals("--short")) {
                abbrev = 7;
            } else if (arg.startsWith("--short=")) {
                abbrev = Math.max(4, number(arg.substring(8)));
            } else if (arg.equals("--abbrev-ref")) {
                abbrevRef = true;
            } else if (rev == null && (arg.equals("HEAD") || arg.equals("@"))) {
                rev = arg;
            } else {
                return null;
            }
        }
        if (rev == null) {
            return null;
        }
        if (abbrevRef) {
            return facts.branch() + "\n";
        }
        return (abbrev > 0 ? facts.abbreviate(abbrev) : facts.commit().id()) + "\n";
    }

    private String describe(List<String> args) {
        boolean tags = false;
        boolean always = false;
        boolean longFormat = false;
        int abbrev = 7;
        for (String arg : args) {
            if (arg.equals("--tags")) {
                tags = true;
            } else if (arg.equals("--always")) {
                always = true;
            } else if (arg.equals("--long")) {
                longFormat = true;
            } else if (arg.equals("--dirty") || arg.equals("HEAD")) {
                continue; // a checkout of a commit is clean
            } else if (arg.startsWith("--abbrev=")) {
                abbrev = number(arg.substring(9));
            } else {
                return null;
            }
        }
        Optional<String> described = facts.describe(tags, abbrev == 0 ? 7 : abbrev, longFormat && abbrev != 0);
        if (described.isPresent()) {
            // --abbrev=0 prints the tag alone
            return (abbrev == 0 ? described.get().replaceFirst("-\\d+-g[0-9a-f]+$", "") : described.get()) + "\n";
        }
        if (always) {
            return facts.abbreviate(Math.max(abbrev, 4)) + "\n";
        }
        throw new GitFailedException(tags ? "fatal: No names found, cannot describe anything."
                : "fatal: No annotated tags can describe '" + facts.commit().id() + "'.");
    }

    private String log(List<String> args) {
        boolean one = false;
        String format = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-1") || arg.equals("-n1") || arg.equals("--max-count=1")) {
                one = true;
            } else if (arg.equals("-n") && i + 1 < args.size() && args.get(i + 1).equals("1")) {
                one = true;
                i++;
            } else if (arg.startsWith("--format=")) {
                format = arg.substring(9) + "\n";
            } else if (arg.startsWith("--pretty=format:")) {
                format = arg.substring(16);
            } else if (arg.startsWith("--pretty=tformat:")) {
                format = arg.substring(17) + "\n";
            } else if (arg.startsWith("--pretty=") && arg.contains("%")) {
                format = arg.substring(9) + "\n";
            } else if (!arg.equals("HEAD")) {
                return null;
            }
        }
        if (!one || format == null) {
            return null;
        }
        return format(format);
    }

    private String format(String format) {
        CommitInfo commit = facts.commit();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 >= format.length()) {
                out.append(c);
                continue;
            }
            String two = i + 2 < format.length() ? format.substring(i + 1, i + 3) : "";
            String value = switch (two) {
                case "an" -> commit.authorName();
                case "ae" -> commit.authorEmail();
                case "at" -> Long.toString(commit.authorTime());
                case "ai" -> iso(commit.authorTime(), commit.authorOffset(), false);
                case "aI" -> iso(commit.authorTime(), commit.authorOffset(), true);
                case "cn" -> commit.committerName();
                case "ce" -> commit.committerEmail();
                case "ct" -> Long.toString(commit.commitTime());
                case "ci" -> iso(commit.commitTime(), commit.commitOffset(), false);
                case "cI" -> iso(commit.commitTime(), commit.commitOffset(), true);
                default -> null;
            };
            if (value != null) {
                out.append(value);
                i += 2;
                continue;
            }
            value = switch (format.charAt(i + 1)) {
                case 'H' -> commit.id();
                case 'h' -> facts.abbreviate(7);
                case 's' -> subject(commit.message());
                case 'b' -> body(commit.message());
                case 'B' -> commit.message();
                case 'n' -> "\n";
                case '%' -> "%";
                default -> null;
            };
            if (value == null) {
                throw new GitFailedException("Buildline does not know the placeholder %" + format.charAt(i + 1));
            }
            out.append(value);
            i++;
        }
        return out.toString();
    }

    private static String subject(String message) {
        String[] paragraphs = message.strip().split("\n\\s*\n", 2);
        return paragraphs[0].replace('\n', ' ').strip();
    }

    private static String body(String message) {
        String[] paragraphs = message.strip().split("\n\\s*\n", 2);
        return paragraphs.length < 2 ? "" : paragraphs[1] + "\n";
    }

    private static String iso(long seconds, int offsetMinutes, boolean strict) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
        var time = Instant.ofEpochSecond(seconds).atOffset(offset);
        if (strict) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
        }
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx", Locale.ROOT).format(time);
    }

    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new GitFailedException("'" + text + "' is not a number");
        }
    }

    /** Splits a command line into words: spaces separate, quotes group; any other shell syntax is refused. */
    private static List<String> words(String line, Supplier<String> what, String path) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (quote == '"' && (c == '$' || c == '`' || c == '\\')) {
                    throw refused(what, path, "it uses shell syntax ('" + c + "')");
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == ' ' || c == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (SHELL_SYNTAX.indexOf(c) >= 0) {
                throw refused(what, path, "it uses shell syntax ('" + (c == '\n' ? "\\n" : String.valueOf(c)) + "')");
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw refused(what, path, "it has an unterminated quote");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private static RuntimeException refused(Supplier<String> what, String path, String why) {
        return Problems.at(path, null, what.get() + " is not run: " + why + ". A build server runs no command from "
                + "devspace.yaml; it answers only these git queries from the commit: " + KNOWN);
    }

    /** git itself would fail. */
    static final class GitFailedException extends RuntimeException {
        GitFailedException(String message) {
            super(message);
        }
    }
}
