package dev.buildline.common.config.load;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The part of yaml-jsonpath (vmware-labs/yaml-jsonpath, which DevSpace's profile patches use) that devspace.yaml
 * files write: {@code $}, {@code .key}, {@code ['key']}, {@code [n]}, {@code [*]} / {@code .*}, recursive descent
 * {@code ..}, and filters {@code [?(@.a.b == 'v')]} with {@code == != < <= > >= =~ /re/}, {@code &&}, {@code ||},
 * {@code !} and parentheses. A path with no leading {@code $} starts at the root as well.
 */
final class YamlPath {

    /** One node found, with where it sits so it can be replaced or removed. */
    record Match(Node node, Node parent, int index) {
    }

    private sealed interface Step permits Child, Index, Wildcard, Descend, Filter {
    }

    private record Child(String key) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record Wildcard() implements Step {
    }

    private record Descend() implements Step {
    }

    private record Filter(Expr expr) implements Step {
    }

    private final String text;
    private final List<Step> steps;

    private YamlPath(String text, List<Step> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** @throws IllegalArgumentException naming what in the path cannot be read */
    static YamlPath parse(String text) {
        return new YamlPath(text, new Parser(text).steps());
    }

    /** Every match, in document order. */
    List<Match> find(Node root) {
        List<Match> current = List.of(new Match(root, null, -1));
        for (Step step : steps) {
            List<Match> next = new ArrayList<>();
            for (Match match : current) {
                apply(step, match, next);
            }
            current = next;
        }
        return current;
    }

    private static void apply(Step step, Match match, List<Match> out) {
        Node node = match.node();
        if (step instanceof Descend) {
            descend(match, out);
        } else if (step instanceof Child child) {
            if (node instanceof MappingNode map) {
                List<NodeTuple> tuples = map.getValue();
                for (int i = 0; i < tuples.size(); i++) {
                    if (child.key().equals(Nodes.keyOf(tuples.get(i)))) {
                        out.add(new Match(tuples.get(i).getValueNode(), map, i));
                        break;
                    }
                }
            }
        } else if (step instanceof Index index) {
            if (node instanceof SequenceNode seq) {
                int i = index.index() < 0 ? seq.getValue().size() + index.index() : index.index();
                if (i >= 0 && i < seq.getValue().size()) {
                    out.add(new Match(seq.getValue().get(i), seq, i));
                }
            }
        } else if (step instanceof Wildcard) {
            children(match, out);
        } else if (step instanceof Filter filter) {
            List<Match> children = new ArrayList<>();
            children(match, children);
            for (Match child : children) {
                if (filter.expr().test(child.node())) {
                    out.add(child);
                }
            }
        }
    }

    private static void children(Match match, List<Match> out) {
        if (match.node() instanceof MappingNode map) {
            for (int i = 0; i < map.getValue().size(); i++) {
                out.add(new Match(map.getValue().get(i).getValueNode(), map, i));
            }
        } else if (match.node() instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                out.add(new Match(seq.getValue().get(i), seq, i));
            }
        }
    }

    private static void descend(Match match, List<Match> out) {
        out.add(match);
        List<Match> children = new ArrayList<>();
        children(match, children);
        for (Match child : children) {
            descend(child, out);
        }
    }

    @Override
    public String toString() {
        return text;
    }

    // ---- filters

    private interface Expr {
        boolean test(Node at);
    }

    private record Operand(String kind, String text, List<String> path) {
        /** The values this operand denotes at a node ({@code @.a} may be missing). */
        Node resolve(Node at) {
            if (!kind.equals("path")) {
                return null;
            }
            Node node = at;
            for (String key : path) {
                if (node instanceof MappingNode) {
                    node = Nodes.get(node, key);
                } else if (node instanceof SequenceNode seq && key.matches("\\d+")
                        && Integer.parseInt(key) < seq.getValue().size()) {
                    node = seq.getValue().get(Integer.parseInt(key));
                } else {
                    return null;
                }
            }
            return node;
        }
    }

    private record Comparison(Operand left, String op, Operand right) implements Expr {
        @Override
        public boolean test(Node at) {
            if (op == null) {
                return left.resolve(at) != null;
            }
            String a = value(left, at);
            String b = value(right, at);
            if (a == null || b == null) {
                return op.equals("!=") && (a == null) != (b == null);
            }
            if (op.equals("=~")) {
                return Pattern.compile(b).matcher(a).find();
            }
            BigDecimal x = number(a);
            BigDecimal y = number(b);
            boolean numeric = x != null && y != null && (left.kind().equals("number") || right.kind().equals("number"));
            int order = numeric ? x.compareTo(y) : a.compareTo(b);
            return switch (op) {
                case "==" -> numeric ? order == 0 : a.equals(b) && !isNumber(left) && !isNumber(right);
                case "!=" -> numeric ? order != 0 : !a.equals(b);
                case "<" -> order < 0;
                case "<=" -> order <= 0;
                case ">" -> order > 0;
                default -> order >= 0;
            };
        }

        /** A number literal equals only a number (compared above), never the same text in a string. */
        private static boolean isNumber(Operand operand) {
            return operand.kind().equals("number");
        }

        private static String value(Operand operand, Node at) {
            if (operand.kind().equals("path")) {
                Node node = operand.resolve(at);
                return node instanceof ScalarNode scalar && !Nodes.isNull(scalar) ? scalar.getValue() : null;
            }
            return operand.text();
        }

        private static BigDecimal number(String text) {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        List<Step> steps() {
            List<Step> steps = new ArrayList<>();
            if (peek('$')) {
                pos++;
            }
            boolean first = true;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (text.startsWith("..", pos)) {
                    pos += 2;
                    steps.add(new Descend());
                    if (pos < text.length() && text.charAt(pos) != '[') {
                        steps.add(name());
                    }
                } else if (c == '.') {
                    pos++;
                    steps.add(name());
                } else if (c == '[') {
                    steps.add(bracket());
                } else if (first) {
                    steps.add(name());
                } else {
                    throw fail("unexpected '" + c + "'");
                }
                first = false;
            }
            return steps;
        }

        private Step name() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) != '.' && text.charAt(pos) != '[') {
                pos++;
            }
            String name = text.substring(start, pos);
            if (name.isEmpty()) {
                throw fail("an empty key");
            }
            return name.equals("*") ? new Wildcard() : new Child(name);
        }

        private Step bracket() {
            int close = closing(pos);
            String inner = text.substring(pos + 1, close).strip();
            int start = pos + 1;
            pos = close + 1;
            if (inner.equals("*")) {
                return new Wildcard();
            }
            if (inner.matches("-?\\d+")) {
                return new Index(Integer.parseInt(inner));
            }
            if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'")
                    || inner.startsWith("\"") && inner.endsWith("\""))) {
                return new Child(inner.substring(1, inner.length() - 1));
            }
            if (inner.startsWith("?(") && inner.endsWith(")")) {
                FilterParser filter = new FilterParser(inner.substring(2, inner.length() - 1), start + 2);
                return new Filter(filter.parse());
            }
            throw fail("'[" + inner + "]' is not an index, a quoted key, * or a filter [?(...)]");
        }

        /** The index of the ']' that closes the '[' at {@code open}, skipping quotes, regexes and nesting. */
        private int closing(int open) {
            int depth = 0;
            char quote = 0;
            for (int i = open; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[') {
                    depth++;
                } else if (c == ']' && --depth == 0) {
                    return i;
                }
            }
            throw fail("a '[' that is never closed");
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private IllegalArgumentException fail(String what) {
            return new IllegalArgumentException("cannot read the path '" + text + "': " + what);
        }

        private final class FilterParser {
            private final String expr;
            private int at;

            FilterParser(String expr, int offset) {
                this.expr = expr;
            }

            Expr parse() {
                Expr result = or();
                skip();
                if (at < expr.length()) {
                    throw fail("unexpected '" + expr.substring(at) + "' in the filter");
                }
                return result;
            }

            private Expr or() {
                Expr left = and();
                while (take("||")) {
                    Expr a = left;
                    Expr b = and();
                    left = node -> a.test(node) || b.test(node);
                }
                return left;
            }

            private Expr and() {
                Expr left = unary();
                while (take("&&")) {
                    Expr a = left;
                    Expr b = unary();
                    left = node -> a.test(node) && b.test(node);
                }
                return left;
            }

            private Expr unary() {
                skip();
                if (expr.startsWith("!", at) && !expr.startsWith("!=", at)) {
                    at++;
                    Expr inner = unary();
                    return node -> !inner.test(node);
                }
                if (take("(")) {
                    Expr inner = or();
                    if (!take(")")) {
                        throw fail("a '(' that is never closed in the filter");
                    }
                    return inner;
                }
                Operand left = operand();
                skip();
                for (String op : List.of("==", "!=", "=~", "<=", ">=", "<", ">")) {
                    if (take(op)) {
                        return new Comparison(left, op, operand());
                    }
                }
                return new Comparison(left, null, null);
            }

            private Operand operand() {
                skip();
                if (at >= expr.length()) {
                    throw fail("the filter ends where a value was expected");
                }
                char c = expr.charAt(at);
                if (c == '@') {
                    at++;
                    List<String> path = new ArrayList<>();
                    while (at < expr.length() && (expr.charAt(at) == '.' || expr.charAt(at) == '[')) {
                        if (expr.charAt(at) == '.') {
                            at++;
                            int start = at;
                            while (at < expr.length() && (Character.isLetterOrDigit(expr.charAt(at))
                                    || "-_$/".indexOf(expr.charAt(at)) >= 0)) {
                                at++;
                            }
                            path.add(expr.substring(start, at));
                        } else {
                            int close = expr.indexOf(']', at);
                            if (close < 0) {
                                throw fail("a '[' that is never closed in the filter");
                            }
                            String key = expr.substring(at + 1, close).strip();
                            path.add(key.replaceAll("^['\"]|['\"]$", ""));
                            at = close + 1;
                        }
                    }
                    return new Operand("path", null, path);
                }
                if (c == '\'' || c == '"') {
                    int close = expr.indexOf(c, at + 1);
                    if (close < 0) {
                        throw fail("an unterminated string in the filter");
                    }
                    String value = expr.substring(at + 1, close);
                    at = close + 1;
                    return new Operand("string", value, null);
                }
                if (c == '/') {
                    int close = expr.indexOf('/', at + 1);
                    while (close > 0 && expr.charAt(close - 1) == '\\') {
                        close = expr.indexOf('/', close + 1);
                    }
                    if (close < 0) {
                        throw fail("an unterminated /regular expression/ in the filter");
                    }
                    String value = expr.substring(at + 1, close);
                    at = close + 1;
                    return new Operand("regex", value, null);
                }
                int start = at;
                while (at < expr.length() && (Character.isLetterOrDigit(expr.charAt(at)) || ".-+".indexOf(expr.charAt(at)) >= 0)) {
                    at++;
                }
                String word = expr.substring(start, at);
                if (word.isEmpty()) {
                    throw fail("unexpected '" + c + "' in the filter");
                }
                return new Operand(word.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?") ? "number" : "string", word, null);
            }

            private boolean take(String token) {
                skip();
                if (expr.startsWith(token, at)) {
                    at += token.length();
                    return true;
                }
                return false;
            }

            private void skip() {
                while (at < expr.length() && expr.charAt(at) == ' ') {
                    at++;
                }
            }
        }
    }
}
