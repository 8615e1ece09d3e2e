package dev.buildline.common.config.load;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One profile's {@code patches} (loader/profile.go ApplyPatchesOnObject, loader/patch): DevSpace's path syntax
 * turned into yaml-jsonpath ({@code name=value} selectors, {@code /a/0/b} xpath), then the ops with DevSpace's rules:
 * on a path not starting with '/', {@code replace} becomes {@code add} and {@code remove} is skipped when nothing
 * matches (decided on the document before this profile's patches run); otherwise a path that matches nothing is an
 * error. {@code add} appends to a list or mapping that exists, inserts before a matched list item, and refuses to
 * overwrite a key that exists. Every match is patched.
 */
final class ProfilePatch {

    private static final Pattern LEGACY = Pattern.compile("(?i)([^=]+)=([^.=><~]+)");
    private static final Pattern HAS_FILTER = Pattern.compile("(?i)\\[\\?.*\\)]");
    private static final Pattern INDEX_XPATH = Pattern.compile("/(\\d+|\\*)/");
    private static final Pattern TRAILING_INDEX_XPATH = Pattern.compile("/(\\d+|\\*)$");
    private static final Pattern NUMERIC = Pattern.compile("^\\d+$");
    private static final Pattern ENDS_WITH_BRACKET = Pattern.compile("\\[([^]]+)]$");

    /** One patch as written, with its YAML path for messages. */
    record Spec(String op, String path, Node value, String where) {
    }

    private ProfilePatch() {
    }

    /** DevSpace's TransformPath (patch/patch.go). */
    static String transformPath(String path) {
        if (path.isEmpty()) {
            return path;
        }
        if (LEGACY.matcher(path).find()) {
            List<String> tokens = new ArrayList<>();
            for (String token : path.split("\\.", -1)) {
                Matcher m = LEGACY.matcher(token);
                if (m.find()) {
                    String key = m.group(1);
                    String value = m.group(2);
                    token = NUMERIC.matcher(value).matches()
                            ? "[?(@." + key + "=='" + value + "' || @." + key + "==" + value + ")]"
                            : "[?(@." + key + "=='" + value + "')]";
                }
                tokens.add(token);
            }
            return String.join(".", tokens).replace(".[?", "[?");
        }
        if (path.contains("/") && !HAS_FILTER.matcher(path).find()) {
            String rewritten = INDEX_XPATH.matcher(path).replaceAll("[$1].");
            rewritten = TRAILING_INDEX_XPATH.matcher(rewritten).replaceAll("[$1]");
            return rewritten.startsWith("/") ? "$." + rewritten.substring(1) : rewritten;
        }
        return path;
    }

    /** Applies every patch of one profile to {@code root}, in order. */
    static void apply(MappingNode root, List<Spec> specs, Budget budget) {
        List<Spec> ops = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (Spec spec : specs) {
            if (spec.op() == null || spec.op().isEmpty()) {
                throw Problems.at(spec.where() + ".op", null, "is missing");
            }
            if (spec.path() == null || spec.path().isEmpty()) {
                throw Problems.at(spec.where() + ".path", null, "is missing");
            }
            String path = transformPath(spec.path());
            String op = spec.op();
            boolean slash = spec.path().charAt(0) == '/';
            if (op.equals("remove") && !slash && find(path, root, spec).isEmpty()) {
                continue;
            }
            if (op.equals("replace") && !slash && find(path, root, spec).isEmpty()) {
                op = "add";
            }
            ops.add(new Spec(op, spec.path(), spec.value(), spec.where()));
            paths.add(path);
        }
        for (int i = 0; i < ops.size(); i++) {
            perform(root, ops.get(i), paths.get(i), budget);
        }
    }

    private static List<YamlPath.Match> find(String path, Node root, Spec spec) {
        try {
            return YamlPath.parse(path).find(root);
        } catch (IllegalArgumentException e) {
            throw Problems.at(spec.where() + ".path", spec.value(), e.getMessage());
        }
    }

    /** DevSpace's Operation.Perform (patch/operation.go). */
    private static void perform(MappingNode root, Spec spec, String path, Budget budget) {
        List<YamlPath.Match> matches = find(path, root, spec);
        String op = spec.op();
        if (matches.isEmpty() && !op.equals("add")) {
            throw Problems.at(spec.where(), null, op + " operation does not apply: doc is missing path: " + path);
        }
        switch (op) {
            case "add" -> add(root, spec, path, matches, budget);
            case "remove" -> {
                for (YamlPath.Match match : matches) {
                    remove(match);
                }
            }
            case "replace" -> {
                Node value = required(spec);
                for (YamlPath.Match match : matches) {
                    set(match, budget.copy(value));
                }
            }
            default -> throw Problems.at(spec.where() + ".op", null, "unexpected op: " + op
                    + " (DevSpace knows add, remove and replace)");
        }
    }

    private static void add(MappingNode root, Spec spec, String path, List<YamlPath.Match> matches, Budget budget) {
        if (!matches.isEmpty() && (matches.get(0).node() instanceof MappingNode
                || matches.get(0).node() instanceof SequenceNode)) {
            for (YamlPath.Match match : matches) {
                addInto(match.node(), spec, spec.value(), budget);
            }
            return;
        }
        String parentPath = parentPath(path);
        List<YamlPath.Match> parents = find(parentPath, root, spec);
        if (!parents.isEmpty() && !matches.isEmpty()) {
            if (parents.get(0).node() instanceof SequenceNode) {
                Node value = required(spec);
                for (YamlPath.Match match : matches) { // a scalar in a list: insert before it
                    if (match.parent() instanceof SequenceNode seq) {
                        int at = indexOf(seq.getValue(), match.node());
                        seq.getValue().add(at, budget.copy(value));
                    }
                }
                return;
            }
            throw Problems.at(spec.where(), null, "attempting add operation for non array/object path '" + path
                    + "' which already exists");
        }
        String child = childName(path);
        for (YamlPath.Match parent : parents) {
            if (parent.node() instanceof MappingNode map) {
                if (spec.value() != null) {
                    List<NodeTuple> tuples = new ArrayList<>(map.getValue());
                    tuples.add(new NodeTuple(Nodes.string(child, spec.value().getStartMark()), budget.copy(spec.value())));
                    map.setValue(tuples);
                }
            } else if (parent.node() instanceof SequenceNode seq) {
                MappingNode item = Nodes.mapping(spec.value() == null ? null : spec.value().getStartMark());
                Nodes.put(item, child, budget.copy(required(spec)));
                seq.getValue().add(item);
            }
        }
    }

    /** {@code add} on an existing mapping merges the value's keys in; on a list it appends the value as one item. */
    private static void addInto(Node target, Spec spec, Node value, Budget budget) {
        if (target instanceof MappingNode map) {
            if (value instanceof MappingNode entries) {
                List<NodeTuple> tuples = new ArrayList<>(map.getValue());
                MappingNode copy = (MappingNode) budget.copy(entries);
                tuples.addAll(copy.getValue());
                map.setValue(tuples);
            }
        } else if (target instanceof SequenceNode seq) {
            seq.getValue().add(budget.copy(required(spec)));
        }
    }

    private static Node required(Spec spec) {
        if (spec.value() == null) {
            throw Problems.at(spec.where() + ".value", null, "is missing; op " + spec.op() + " needs a value");
        }
        return spec.value();
    }

    private static void set(YamlPath.Match match, Node value) {
        if (match.parent() instanceof MappingNode map) {
            List<NodeTuple> tuples = new ArrayList<>(map.getValue());
            NodeTuple old = tuples.get(match.index());
            tuples.set(match.index(), new NodeTuple(old.getKeyNode(), value));
            map.setValue(tuples);
        } else if (match.parent() instanceof SequenceNode seq) {
            seq.getValue().set(indexOf(seq.getValue(), match.node()), value);
        }
    }

    private static void remove(YamlPath.Match match) {
        if (match.parent() instanceof MappingNode map) {
            List<NodeTuple> tuples = new ArrayList<>(map.getValue());
            tuples.removeIf(t -> t.getValueNode() == match.node());
            map.setValue(tuples);
        } else if (match.parent() instanceof SequenceNode seq) {
            seq.getValue().removeIf(item -> item == match.node());
        }
    }

    private static int indexOf(List<Node> items, Node node) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) == node) {
                return i;
            }
        }
        return items.size();
    }

    /** OpPath.getParentPath (patch/path.go). */
    static String parentPath(String path) {
        Matcher m = ENDS_WITH_BRACKET.matcher(path);
        if (m.find()) {
            return path.substring(0, m.start());
        }
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** OpPath.getChildName (patch/path.go). */
    static String childName(String path) {
        if (path.equals("$") || path.equals(".")) {
            return "";
        }
        Matcher m = ENDS_WITH_BRACKET.matcher(path);
        if (m.find()) {
            return m.group(1).replace("'", "").replace("\"", "");
        }
        String[] tokens = path.split("[$.]", -1);
        return tokens[tokens.length - 1];
    }
}
