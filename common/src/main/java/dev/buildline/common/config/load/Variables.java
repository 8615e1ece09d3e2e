package dev.buildline.common.config.load;

import dev.buildline.common.config.YamlTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * DevSpace's variable resolver (loader/variable/resolver.go) for a server: {@code ${X}} and {@code $!{X}} in string
 * values, the {@code vars} section in its list (v1beta11 and older) and map (v2beta1) forms, the predefined
 * variables, and the value sources. What a developer's shell would supply comes from the load request (the
 * repository's settings or {@code --var}); a variable that DevSpace would ask for fails, naming the variable, where
 * it is used and the setting that supplies it. Resolved values are cached for the whole load, as DevSpace caches
 * them: a value resolved early (for an import or a profile's activation) wins later.
 */
final class Variables {

    static final Pattern VARIABLE = Pattern.compile("\\$+!?\\{[A-Za-z0-9_.\\-]+}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?");
    private static final Set<String> FIELDS = Set.of("name", "value", "default", "question", "options", "password",
            "validationPattern", "validationMessage", "noCache", "command", "args", "commands", "alwaysResolve",
            "source");
    private static final Set<String> SOURCES = Set.of("", "all", "env", "input", "command", "none");

    private final LoadRequest request;
    private final Map<String, String> env;
    private final Predefined predefined;
    private final Expressions expressions;
    private final Budget budget;
    private final Map<String, Node> cache = new HashMap<>();
    private final Map<String, Set<String>> uses = new LinkedHashMap<>();
    /** Per YAML path, the names written as {@code $${X}}: their literal {@code ${X}} is the author's intent. */
    private final Map<String, Set<String>> escaped = new HashMap<>();
    private Map<String, Definition> definitions = Map.of();

    Variables(LoadRequest request, Map<String, String> env, Predefined predefined, Expressions expressions,
              Budget budget) {
        this.request = request;
        this.env = env;
        this.predefined = predefined;
        this.expressions = expressions;
        this.budget = budget;
        request.vars().forEach((name, value) -> cache.put(name.strip(), GoValues.convertString(value.strip(), null)));
    }

    /** One entry of {@code vars}, as DevSpace holds it after its upgrade to v2beta1. */
    record Definition(String name, String path, Node value, Node defaultValue, String source, String command,
                      List<String> args, List<CommandEntry> commands, boolean alwaysResolve, boolean hasOptions) {
    }

    record CommandEntry(String os, String command, List<String> args) {
    }

    /** DevSpace's reloadVariables: the definitions are read again from the tree as it is now. */
    void define(MappingNode root) {
        Node vars = Nodes.get(root, "vars");
        Map<String, Definition> parsed = new LinkedHashMap<>();
        String version = Nodes.get(root, "version") instanceof ScalarNode v ? v.getValue() : "";
        boolean listForm = vars instanceof SequenceNode;
        if (vars instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                Node item = list.getValue().get(i);
                String path = "vars[" + i + "]";
                if (!(item instanceof MappingNode)) {
                    throw Problems.at(path, item, "expected a variable definition (a mapping with name), found "
                            + YamlTree.kind(item));
                }
                Node name = Nodes.get(item, "name");
                if (!(name instanceof ScalarNode nameScalar) || nameScalar.getValue().isBlank()) {
                    throw Problems.at(path + ".name", item, "is required");
                }
                parsed.put(nameScalar.getValue().strip(), object(nameScalar.getValue().strip(), path, item, false));
            }
        } else if (vars instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                String name = Nodes.keyOf(tuple);
                String path = "vars." + name;
                Node value = tuple.getValueNode();
                if (value instanceof MappingNode) {
                    parsed.put(name, object(name, path, value, true));
                } else if (value instanceof ScalarNode scalar) {
                    String text = Nodes.isNull(scalar) ? "" : scalar.getValue();
                    if (text.startsWith("$(") && text.endsWith(")")) {
                        parsed.put(name, new Definition(name, path, null, null, "", text.substring(2, text.length() - 1),
                                null, List.of(), true, false));
                    } else {
                        parsed.put(name, new Definition(name, path, GoValues.stringNode(text, scalar.getStartMark()),
                                null, "", null, null, List.of(), true, false));
                    }
                } else {
                    throw Problems.at(path, value, "expected a value or a variable definition, found a list");
                }
            }
        } else if (vars != null && !Nodes.isNull(vars)) {
            throw Problems.at("vars", vars, "expected a mapping (v2beta1) or a list (v1beta11 and older), found "
                    + YamlTree.kind(vars));
        }
        for (Definition definition : parsed.values()) {
            if (!NAME.matcher(definition.name()).matches()) {
                throw Problems.at(definition.path(), null, "'" + definition.name() + "' is not a valid variable name ("
                        + NAME.pattern() + ")");
            }
        }
        if ((listForm || version.startsWith("v1beta")) && !parsed.containsKey("DEVSPACE_ENV_FILE")) {
            // DevSpace's v1beta11 upgrade adds it (v1beta11/upgrade.go)
            parsed.put("DEVSPACE_ENV_FILE", new Definition("DEVSPACE_ENV_FILE", "vars", GoValues.stringNode(".env", null),
                    null, "", null, null, List.of(), false, false));
        }
        definitions = parsed;
    }

    /**
     * An object definition. In the map form DevSpace decodes it through JSON, so numbers become floats; the list
     * form keeps YAML's types; its alwaysResolve defaults to false, the map form's to true.
     */
    private Definition object(String name, String path, Node node, boolean mapForm) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String field = Nodes.keyOf(tuple);
            if (!FIELDS.contains(field)) {
                throw Problems.at(path + "." + field, tuple.getKeyNode(), "unknown field of a variable definition");
            }
            fields.put(field, tuple.getValueNode());
        }
        String source = text(fields.get("source"), path + ".source");
        source = source == null ? "" : source;
        if (!SOURCES.contains(source)) {
            throw Problems.at(path + ".source", fields.get("source"), "unrecognized variable source '" + source
                    + "', please choose one of 'all', 'input', 'env' or 'none'");
        }
        List<CommandEntry> commands = new ArrayList<>();
        if (fields.get("commands") instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                Node entry = list.getValue().get(i);
                String entryPath = path + ".commands[" + i + "]";
                commands.add(new CommandEntry(text(Nodes.get(entry, "os"), entryPath + ".os"),
                        text(Nodes.get(entry, "command"), entryPath + ".command"),
                        strings(Nodes.get(entry, "args"), entryPath + ".args")));
            }
        }
        Node always = fields.get("alwaysResolve");
        boolean alwaysResolve = always == null || Nodes.isNull(always) ? mapForm
                : GoValues.parseBool(((ScalarNode) always).getValue()) == Boolean.TRUE;
        return new Definition(name, path, value(fields.get("value"), mapForm), value(fields.get("default"), mapForm),
                source, text(fields.get("command"), path + ".command"), strings(fields.get("args"), path + ".args"),
                commands, alwaysResolve, fields.get("options") instanceof SequenceNode s && !s.getValue().isEmpty());
    }

    private static Node value(Node node, boolean throughJson) {
        if (node == null || Nodes.isNull(node)) {
            return null;
        }
        if (throughJson && node instanceof ScalarNode scalar) {
            Tag tag = GoValues.goTag(scalar);
            if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
                return Nodes.scalar(Tag.FLOAT, GoValues.floatText(scalar.getValue()), scalar.getStartMark());
            }
        }
        return node;
    }

    private static String text(Node node, String path) {
        if (node == null || Nodes.isNull(node)) {
            return null;
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw Problems.at(path, node, "expected a string, found " + YamlTree.kind(node));
        }
        return scalar.getValue();
    }

    private static List<String> strings(Node node, String path) {
        if (node == null || Nodes.isNull(node)) {
            return null;
        }
        if (!(node instanceof SequenceNode list)) {
            throw Problems.at(path, node, "expected a list of strings, found " + YamlTree.kind(node));
        }
        List<String> items = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            items.add(text(list.getValue().get(i), path + "[" + i + "]"));
        }
        return items;
    }

    /** Whether {@code ${name}} at {@code path} was written escaped, as {@code $${name}}. */
    boolean escaped(String path, String name) {
        return escaped.getOrDefault(path, Set.of()).contains(name);
    }

    Map<String, Definition> definitions() {
        return definitions;
    }

    /** Where each variable name was seen in a string value (YAML paths), for messages. */
    Map<String, Set<String>> uses() {
        return uses;
    }

    /**
     * DevSpace's FillVariables on a subtree: resolve every variable used in it (plus, unless {@code skipUnused},
     * every definition with alwaysResolve), fill them, run {@code $(...)} expressions, and fill again.
     *
     * @param node     the subtree, changed in place where possible; the returned node replaces it
     * @param path     the subtree's YAML path segments from the root
     * @param excluded paths (segments) left as they are: DevSpace's runtime locations
     */
    Node fill(Node node, List<String> path, Predicate<List<String>> excluded, boolean skipUnused) {
        Node filled = fillOnce(node, path, excluded, skipUnused);
        filled = walk(filled, path, excluded, (scalar, at) -> Expressions.matches(scalar.getValue())
                ? expressions.resolve(scalar, Paths.dotted(at), budget) : scalar);
        return fillOnce(filled, path, excluded, skipUnused);
    }

    private Node fillOnce(Node node, List<String> path, Predicate<List<String>> excluded, boolean skipUnused) {
        Set<String> used = new LinkedHashSet<>();
        walk(node, path, excluded, (scalar, at) -> {
            if (!mayHoldVariable(scalar.getValue())) {
                return scalar;
            }
            Matcher matcher = VARIABLE.matcher(scalar.getValue());
            while (matcher.find()) {
                String name = nameOf(matcher.group());
                if (matcher.group().startsWith("$$")) {
                    escaped.computeIfAbsent(Paths.dotted(at), k -> new HashSet<>()).add(name);
                }
                used.add(name);
                uses.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(Paths.dotted(at));
            }
            return scalar;
        });
        if (!skipUnused) {
            definitions.values().stream().filter(Definition::alwaysResolve).forEach(d -> used.add(d.name()));
        }
        for (String name : used) {
            if (!name.startsWith("runtime.") && (Predefined.isPredefined(name) || definition(name) != null)) {
                resolveWithParents(name, new LinkedHashSet<>());
            }
        }
        return walk(node, path, excluded, (scalar, at) -> replace(scalar, at));
    }

    /** The value of one variable as a string, as DevSpace matches activation vars ({@code %v}). */
    String valueText(String name) {
        Node filled = fill(GoValues.stringNode("${" + name + "}", null), List.of(), p -> false, true);
        return GoValues.format(filled);
    }

    private static String nameOf(String match) {
        int open = match.indexOf('{');
        return match.substring(open + 1, match.length() - 1).strip();
    }

    /** Resolves the variables a definition refers to first (DevSpace orders them as a graph). */
    private void resolveWithParents(String name, Set<String> visiting) {
        if (cache.containsKey(name)) {
            return;
        }
        if (!visiting.add(name)) {
            throw Problems.at(definition(name) == null ? "vars" : definition(name).path(), null,
                    "variables refer to each other in a cycle: " + String.join(" -> ", visiting) + " -> " + name);
        }
        Definition definition = Predefined.isPredefined(name) ? null : definition(name);
        if (definition != null) {
            for (String parent : referencedBy(definition)) {
                if (!parent.startsWith("runtime.") && (Predefined.isPredefined(parent) || definition(parent) != null)) {
                    resolveWithParents(parent, visiting);
                }
            }
        }
        resolve(name, definition);
        visiting.remove(name);
    }

    private static Set<String> referencedBy(Definition definition) {
        Set<String> names = new LinkedHashSet<>();
        List<String> texts = new ArrayList<>();
        if (definition.value() instanceof ScalarNode s && GoValues.isString(s)) {
            texts.add(s.getValue());
        }
        if (definition.defaultValue() instanceof ScalarNode s && GoValues.isString(s)) {
            texts.add(s.getValue());
        }
        if (definition.command() != null) {
            texts.add(definition.command());
        }
        if (definition.args() != null) {
            texts.addAll(definition.args());
        }
        for (CommandEntry entry : definition.commands()) {
            if (entry.command() != null) {
                texts.add(entry.command());
            }
            if (entry.args() != null) {
                texts.addAll(entry.args());
            }
        }
        for (String text : texts) {
            Matcher matcher = VARIABLE.matcher(text);
            while (matcher.find()) {
                if (!matcher.group().startsWith("$$")) {
                    names.add(nameOf(matcher.group()));
                }
            }
        }
        return names;
    }

    /** A declared variable, else one set in the readable environment (DevSpace's implicit definition). */
    private Definition definition(String name) {
        Definition declared = definitions.get(name);
        if (declared != null) {
            return declared;
        }
        String value = env.get(name);
        if (value != null && !value.isEmpty()) {
            return new Definition(name, "env " + name, GoValues.stringNode(value, null), null, "", null, null,
                    List.of(), false, false);
        }
        return null;
    }

    /** DevSpace's resolver.resolve: the cache, then predefined, then the definition by its source. */
    private Node resolve(String name, Definition definition) {
        Node value = cachedOrPredefined(name, usedAt(name));
        if (value == null) {
            if (definition == null) {
                return null;
            }
            value = fillDefinition(definition);
        }
        cache.put(name, value);
        return value;
    }

    /** The memory cache, then the predefined variables (DevSpace's order); null when neither has the name. */
    private Node cachedOrPredefined(String name, String path) {
        Node cached = cache.get(name);
        if (cached != null) {
            return cached;
        }
        try {
            return predefined.value(name, null);
        } catch (Predefined.UnavailableValueException e) {
            throw Problems.at(path, null, e.getMessage());
        }
    }

    private Node fillDefinition(Definition raw) {
        Node defaultValue = raw.defaultValue();
        String source = raw.source();
        if (raw.value() != null) {
            if (raw.defaultValue() != null) {
                throw Problems.at(raw.path(), null, ".default cannot be used with .value together for variable ${"
                        + raw.name() + "}");
            }
            defaultValue = raw.value();
            source = "none";
        }
        if (defaultValue instanceof ScalarNode s && GoValues.isString(s)) {
            defaultValue = definitionString(s.getValue(), raw, s.getStartMark());
        }
        String command = raw.command() == null ? null : GoValues.format(definitionString(raw.command(), raw, null));
        List<String> args = raw.args() == null ? null
                : raw.args().stream().map(a -> GoValues.format(definitionString(a, raw, null))).toList();
        Definition definition = new Definition(raw.name(), raw.path(), null, defaultValue, source, command, args,
                raw.commands(), raw.alwaysResolve(), raw.hasOptions());
        boolean hasCommand = command != null || !raw.commands().isEmpty();
        switch (source) {
            case "none":
                if (defaultValue == null) {
                    throw Problems.at(raw.path(), null, "couldn't set variable '" + raw.name() + "', because source is "
                            + "'none' but the default value is empty" + usedIn(raw.name()));
                }
                return defaultValue;
            case "env": {
                String value = env.get(raw.name());
                if (value == null || value.isEmpty()) {
                    if (defaultValue == null) {
                        throw Problems.at(raw.path(), null, "couldn't find environment variable " + raw.name()
                                + ", but is needed for loading the config" + usedIn(raw.name())
                                + "; Buildline reads only the environment variables a repository's settings name: "
                                + request.sources().env());
                    }
                    return defaultValue;
                }
                return GoValues.convertString(value, null);
            }
            case "command":
                if (!hasCommand) {
                    throw Problems.at(raw.path(), null, "couldn't set variable '" + raw.name() + "', because source is "
                            + "'command' but no command is specified");
                }
                return command(definition);
            default: {
                if (hasCommand) {
                    return command(definition);
                }
                String value = env.get(raw.name());
                if (!source.equals("input") && value != null && !value.isEmpty()) {
                    return byType(value, defaultValue, raw);
                }
                if (defaultValue != null) {
                    return defaultValue;
                }
                throw Problems.at(raw.path(), null, "variable " + raw.name() + " has no value: DevSpace would ask "
                        + "'Please enter a value for " + raw.name() + "'" + (raw.hasOptions() ? " (options without a default)" : "")
                        + ", and Buildline does not ask questions" + usedIn(raw.name()) + "; give it with "
                        + request.sources().vars());
            }
        }
    }

    private Node command(Definition definition) {
        CommandEntry chosen = null;
        for (CommandEntry entry : definition.commands()) {
            if (entry.os() == null || entry.os().isBlank() || List.of(entry.os().split(",")).stream()
                    .map(String::strip).anyMatch(os -> os.equals("linux"))) {
                chosen = entry;
                break;
            }
        }
        String command = chosen != null ? chosen.command() : definition.command();
        List<String> args = chosen != null ? chosen.args() : definition.args();
        if (command == null) {
            throw Problems.at(definition.path(), null, "couldn't set variable '" + definition.name() + "', because "
                    + "source is 'command' but no command for this operating system is specified");
        }
        String output = expressions.runCommandVariable(definition.name() + usedIn(definition.name()),
                definition.path(), command, args);
        if (output.isEmpty()) {
            return definition.defaultValue();
        }
        return GoValues.convertString(output.strip(), null);
    }

    /** DevSpace's valueByType: an int or bool default forces that parse. */
    private static Node byType(String value, Node defaultValue, Definition definition) {
        if (defaultValue == null) {
            return GoValues.convertString(value, null);
        }
        Tag tag = defaultValue instanceof ScalarNode s ? GoValues.goTag(s) : Tag.STR;
        if (tag.equals(Tag.INT)) {
            Node number = GoValues.atoi(value, null);
            if (number == null) {
                throw Problems.at(definition.path(), null, "the value of " + definition.name() + " from the "
                        + "environment is not a number, as its default requires (strconv.Atoi: invalid syntax; the "
                        + "value is not shown: it may be a secret)");
            }
            return number;
        }
        if (tag.equals(Tag.BOOL)) {
            Boolean bool = GoValues.parseBool(value);
            if (bool == null) {
                throw Problems.at(definition.path(), null, "the value of " + definition.name() + " from the "
                        + "environment is not true or false, as its default requires (strconv.ParseBool: invalid "
                        + "syntax; the value is not shown: it may be a secret)");
            }
            return Nodes.scalar(Tag.BOOL, bool.toString(), null);
        }
        return GoValues.stringNode(value, null);
    }

    /** A string inside a definition: only cached or predefined variables may be used in it. */
    private Node definitionString(String text, Definition definition, Mark mark) {
        Node parsed = parseString(text, mark, definition.path(), name -> {
            Node value = cachedOrPredefined(name, definition.path());
            if (value != null) {
                cache.put(name, value);
                return value;
            }
            if (definition(name) == null) {
                return GoValues.stringNode("${" + name + "}", null);
            }
            throw Problems.at(definition.path(), null, "variable '" + name + "' was not resolved yet, however is used "
                    + "in the definition of variable '" + definition.name() + "' as '" + text + "'. Please make sure "
                    + "you define '" + name + "' before '" + definition.name() + "' in the vars array");
        });
        return parsed == null ? GoValues.stringNode(text, mark) : parsed;
    }

    private static boolean mayHoldVariable(String text) {
        return text.indexOf('{') > 0 && text.indexOf('$') >= 0;
    }

    private Node replace(ScalarNode scalar, List<String> at) {
        if (!mayHoldVariable(scalar.getValue())) {
            return scalar;
        }
        Node replaced = parseString(scalar.getValue(), scalar.getStartMark(), Paths.dotted(at), name -> {
            Node value = cache.get(name);
            if (value == null) {
                try {
                    value = predefined.value(name, null);
                } catch (Predefined.UnavailableValueException e) {
                    throw Problems.at(Paths.dotted(at), scalar, e.getMessage());
                }
                if (value != null) {
                    cache.put(name, value);
                }
            }
            return value == null ? GoValues.stringNode("${" + name + "}", null) : value;
        });
        return replaced == null ? scalar : replaced;
    }

    /**
     * DevSpace's vars.ParseString: a whole {@code ${X}} keeps X's type, anything else is text. Each value written
     * into the text is counted against the load's budget before it is, so a definition that multiplies its
     * parent's value is refused, naming the variable, long before it fills the heap.
     */
    private Node parseString(String value, Mark mark, String path, java.util.function.Function<String, Node> lookup) {
        List<int[]> spans = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(value);
        while (matcher.find()) {
            spans.add(new int[] {matcher.start(), matcher.end()});
        }
        if (value.isEmpty() || spans.isEmpty()) {
            return null; // unchanged
        }
        StringBuilder out = new StringBuilder(value.substring(0, spans.get(0)[0]));
        boolean forceString = false;
        for (int i = 0; i < spans.size(); i++) {
            String match = value.substring(spans.get(i)[0], spans.get(i)[1]);
            String replacement;
            String name = null;
            if (match.startsWith("$$")) {
                replacement = match.substring(1);
            } else {
                int offset = 2;
                if (match.charAt(1) == '!') {
                    offset = 3;
                    forceString = true;
                }
                name = match.substring(offset, match.length() - 1).strip();
                Node resolved = lookup.apply(name);
                if (GoValues.isString(resolved)) {
                    replacement = ((ScalarNode) resolved).getValue();
                } else if (forceString || match.length() != value.length()) {
                    replacement = GoValues.format(resolved);
                } else {
                    return Nodes.marked(budget.copy(resolved), mark);
                }
            }
            if (name != null) {
                budget.spendChars(replacement.length(), name, path);
            }
            out.append(replacement);
            int next = i + 1 < spans.size() ? spans.get(i + 1)[0] : value.length();
            out.append(value, spans.get(i)[1], next);
        }
        return GoValues.stringNode(out.toString(), mark);
    }

    private String usedAt(String name) {
        Set<String> paths = uses.get(name);
        return paths == null || paths.isEmpty() ? "" : paths.iterator().next();
    }

    private String usedIn(String name) {
        Set<String> paths = uses.get(name);
        if (paths == null || paths.isEmpty()) {
            return "";
        }
        return " (used at " + String.join(", ", paths) + ")";
    }

    /** Visits every string value (not map keys) outside the excluded paths; the visitor returns its replacement. */
    interface Visitor {
        Node visit(ScalarNode scalar, List<String> path);
    }

    static Node walk(Node node, List<String> path, Predicate<List<String>> excluded, Visitor visitor) {
        if (node instanceof ScalarNode scalar) {
            if (GoValues.isString(scalar) && !excluded.test(path)) {
                return visitor.visit(scalar, path);
            }
            return node;
        }
        if (node instanceof SequenceNode sequence) {
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                items.set(i, walk(items.get(i), Paths.with(path, Integer.toString(i)), excluded, visitor));
            }
            return node;
        }
        if (node instanceof MappingNode mapping) {
            List<NodeTuple> tuples = mapping.getValue();
            List<NodeTuple> changed = null;
            for (int i = 0; i < tuples.size(); i++) {
                NodeTuple tuple = tuples.get(i);
                String key = Nodes.keyOf(tuple);
                Node value = walk(tuple.getValueNode(), Paths.with(path, key == null ? "?" : key), excluded, visitor);
                if (value != tuple.getValueNode()) {
                    changed = changed == null ? new ArrayList<>(tuples) : changed;
                    changed.set(i, new NodeTuple(tuple.getKeyNode(), value));
                }
            }
            if (changed != null) {
                mapping.setValue(changed);
            }
        }
        return node;
    }

    /** Names of variables that are still written as {@code ${X}} in a string. */
    static Set<String> leftovers(String text) {
        Set<String> names = new HashSet<>();
        if (!mayHoldVariable(text)) {
            return names;
        }
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            if (!matcher.group().startsWith("$$")) {
                names.add(nameOf(matcher.group()));
            }
        }
        return names;
    }
}
