package dev.buildline.common.config.load;

import dev.buildline.common.config.YamlTree;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code $(...)} config expressions (loader/variable/expression/expression.go) and {@code source: command}
 * variables. DevSpace runs them in a shell on the developer's machine; a build server must not run a pushed file's
 * commands, so the side-effect-free git queries are answered from the commit ({@link GitCommands}) and anything else
 * is refused with the expression and its YAML path. The output is converted as DevSpace converts it.
 */
final class Expressions {

    /** DevSpace's ExpressionMatchRegex: the whole value (per line, as Go's (?m) allows) is one expression. */
    private static final Pattern EXPRESSION = Pattern.compile("^\\$\\$?#?!?\\((.+)\\)$", Pattern.MULTILINE | Pattern.DOTALL);

    private final GitCommands git;

    Expressions(GitCommands git) {
        this.git = git;
    }

    static boolean matches(String value) {
        return value.indexOf('(') > 0 && value.indexOf('$') >= 0 && EXPRESSION.matcher(value).find();
    }

    /** The value of a string that holds an expression, typed as DevSpace types it. */
    Node resolve(ScalarNode scalar, String path, Budget budget) {
        String value = scalar.getValue();
        if (value.charAt(1) == '$') {
            return GoValues.stringNode(value.substring(1), scalar.getStartMark()); // $$(...) is the literal $(...)
        }
        String out = value;
        Matcher matcher = EXPRESSION.matcher(value);
        while (matcher.find()) {
            String command = matcher.group(1);
            String stdout = git.run(command, () -> "the expression '" + matcher.group() + "'", path);
            if (value.charAt(1) != '#') {
                stdout = stdout.strip();
            }
            out = out.replace(matcher.group(), stdout);
            if (out.isEmpty()) {
                out = "true";
            }
        }
        if (value.charAt(1) != '!' && value.charAt(2) != '!') {
            Node typed = typed(out, scalar, budget, path);
            if (typed != null) {
                return typed;
            }
        }
        return GoValues.stringNode(out, scalar.getStartMark());
    }

    /** ParseBool first (so "1" is true), then Atoi, then null, then a YAML mapping or list; else null (a string). */
    private static Node typed(String out, ScalarNode at, Budget budget, String path) {
        Boolean bool = GoValues.parseBool(out);
        if (bool != null) {
            return Nodes.scalar(Tag.BOOL, bool.toString(), at.getStartMark());
        }
        Node number = GoValues.atoi(out, at.getStartMark());
        if (number != null) {
            return number;
        }
        if (out.isEmpty() || out.equals("null") || out.equals("undefined")) {
            return Nodes.scalar(Tag.NULL, "null", at.getStartMark());
        }
        try {
            Node parsed = YamlTree.read(out);
            if (parsed instanceof MappingNode || parsed instanceof SequenceNode) {
                return Nodes.marked(Nodes.expand(parsed, budget, path), at.getStartMark());
            }
        } catch (YAMLException e) {
            // not YAML: a string
        }
        return null;
    }

    /** A variable with {@code command} (and {@code args}, which DevSpace runs without a shell). Its stdout. */
    String runCommandVariable(String name, String path, String command, List<String> args) {
        String line = args == null ? command : command + " " + String.join(" ", args);
        return args == null ? git.run(command, () -> "the command of variable " + name + " ('" + line + "')", path)
                : git.run(command, args, () -> "the command of variable " + name + " ('" + line + "')", path);
    }
}
