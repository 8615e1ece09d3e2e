package dev.buildline.common.config.load;

import dev.buildline.common.config.YamlTree;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@code profiles} as DevSpace 6 applies them (loader.go prepareProfiles/applyProfiles, versions.go ParseProfile):
 * the activated profiles in definition order, then the requested ones, duplicates keeping their last place; each
 * with its parent chain, parents first; within a profile replace, then merge, then patches; all on the raw,
 * unconverted tree, before variables are filled.
 */
final class Profiles {

    static final int MAX_DEPTH = 50;
    private static final Set<String> FIELDS = Set.of("name", "description", "parent", "parents", "patches", "replace",
            "merge", "activation", "strategicMerge");
    /** The sections replace and merge may touch (latest/schema.go ProfileConfigStructure). */
    static final List<String> SECTIONS = List.of("hooks", "images", "dev", "deployments", "vars", "dependencies",
            "pullSecrets", "commands");

    private final Variables variables;
    private final Map<String, String> env;
    private final Budget budget;
    private final List<String> warnings;

    Profiles(Variables variables, Map<String, String> env, Budget budget, List<String> warnings) {
        this.variables = variables;
        this.env = env;
        this.budget = budget;
        this.warnings = warnings;
    }

    private record Profile(String name, String path, MappingNode node) {
    }

    /**
     * Applies the profiles of {@code root} and removes the section.
     *
     * @param requested the profiles asked for (settings or {@code --profile}), in order
     */
    void apply(MappingNode root, List<String> requested) {
        Node section = Nodes.get(root, "profiles");
        if (section == null || Nodes.isNull(section)) {
            Nodes.remove(root, "profiles");
            if (!requested.isEmpty()) {
                throw Problems.at("profiles", null, "Couldn't find profile '" + requested.get(0) + "': the file "
                        + "defines no profiles");
            }
            return;
        }
        List<Profile> profiles = prepare(root, section);
        List<String> selected = new ArrayList<>(activated(profiles));
        selected.addAll(requested);
        selected = lastOccurrences(selected);
        List<Profile> chain = new ArrayList<>();
        for (int i = selected.size() - 1; i >= 0; i--) {
            collect(profiles, selected.get(i), chain, 1);
        }
        Nodes.remove(root, "profiles");
        for (int i = chain.size() - 1; i >= 0; i--) {
            applyOne(root, chain.get(i));
        }
    }

    /** prepareProfiles: string-valued profiles and their merge/patches/replace are filled; the rest validated. */
    private List<Profile> prepare(MappingNode root, Node section) {
        if (GoValues.isString(section)) {
            section = variables.fill(section, List.of("profiles"), p -> false, true);
        }
        if (!(section instanceof SequenceNode list)) {
            throw Problems.at("profiles", section, "error validating profiles: not an array");
        }
        List<Profile> profiles = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
            String path = "profiles[" + i + "]";
            Node item = list.getValue().get(i);
            if (GoValues.isString(item)) {
                item = variables.fill(item, List.of("profiles", Integer.toString(i)), p -> false, true);
            }
            if (!(item instanceof MappingNode profile)) {
                throw Problems.at(path, item, "error resolving profiles[" + i + "], object expected");
            }
            for (String field : List.of("merge", "patches", "replace")) {
                Node value = Nodes.get(profile, field);
                if (GoValues.isString(value)) {
                    Nodes.put(profile, field, variables.fill(value, List.of("profiles", Integer.toString(i), field),
                            p -> false, true));
                }
            }
            profiles.add(validate(profile, path));
        }
        return profiles;
    }

    private Profile validate(MappingNode profile, String path) {
        for (NodeTuple tuple : profile.getValue()) {
            String field = Nodes.keyOf(tuple);
            if (!FIELDS.contains(field)) {
                throw Problems.at(path + "." + field, tuple.getKeyNode(), "unknown field of a profile");
            }
        }
        String name = text(profile, "name", path);
        if (name == null || name.isEmpty()) {
            throw Problems.at(path + ".name", profile, "is required");
        }
        String where = path + " (" + name + ")";
        for (String field : List.of("name", "parent")) {
            String value = text(profile, field, path);
            if (value != null && Variables.VARIABLE.matcher(value).find()) {
                throw Problems.at(where + "." + field, Nodes.get(profile, field), field + " cannot be a variable");
            }
            if (value != null && Expressions.matches(value)) {
                throw Problems.at(where + "." + field, Nodes.get(profile, field), field + " cannot be an expression");
            }
        }
        for (String field : List.of("parents", "activation")) {
            Node value = Nodes.get(profile, field);
            if (value instanceof ScalarNode scalar && !Nodes.isNull(scalar)) {
                String kind = Variables.VARIABLE.matcher(scalar.getValue()).find() ? "cannot be a variable"
                        : Expressions.matches(scalar.getValue()) ? "cannot be an expression" : "is not an array";
                throw Problems.at(where + "." + field, value, field + " " + kind);
            }
        }
        if (Nodes.get(profile, "parent") != null && !Nodes.isNull(Nodes.get(profile, "parent"))
                && Nodes.get(profile, "parents") instanceof SequenceNode parents && !parents.getValue().isEmpty()) {
            throw Problems.at(where, profile, "parents and parent cannot be defined at the same time in profile "
                    + name + ". Please choose either one");
        }
        for (String field : List.of("replace", "merge")) {
            Node value = Nodes.get(profile, field);
            if (value instanceof MappingNode map) {
                for (NodeTuple tuple : map.getValue()) {
                    if (!SECTIONS.contains(Nodes.keyOf(tuple))) {
                        throw Problems.at(where + "." + field + "." + Nodes.keyOf(tuple), tuple.getKeyNode(),
                                "profiles may " + field + " only " + String.join(", ", SECTIONS));
                    }
                }
            } else if (value != null && !Nodes.isNull(value)) {
                throw Problems.at(where + "." + field, value, "expected a mapping, found " + YamlTree.kind(value));
            }
        }
        Node patches = Nodes.get(profile, "patches");
        if (patches != null && !Nodes.isNull(patches) && !(patches instanceof SequenceNode)) {
            throw Problems.at(where + ".patches", patches, "expected a list, found " + YamlTree.kind(patches));
        }
        if (patches instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                Node patch = list.getValue().get(i);
                String op = text(patch, "op", where + ".patches[" + i + "]");
                String patchPath = text(patch, "path", where + ".patches[" + i + "]");
                if (op != null && Variables.VARIABLE.matcher(op).find()) {
                    throw Problems.at(where + ".patches[" + i + "].op", patch, "op cannot be a variable");
                }
                if (op != null && Expressions.matches(op) || patchPath != null && Expressions.matches(patchPath)) {
                    throw Problems.at(where + ".patches[" + i + "]", patch, (op != null && Expressions.matches(op)
                            ? "op" : "path") + " cannot be an expression");
                }
            }
        }
        if (Nodes.get(profile, "strategicMerge") != null) {
            warnings.add(where + ".strategicMerge: not supported anymore in DevSpace 6, ignored (as DevSpace does)"
                    + line(Nodes.get(profile, "strategicMerge")));
        }
        return new Profile(name, where, profile);
    }

    private static String line(Node node) {
        return YamlTree.line(node) == 0 ? "" : " (line " + YamlTree.line(node) + ")";
    }

    private static String text(Node map, String field, String path) {
        Node value = Nodes.get(map, field);
        if (value == null || Nodes.isNull(value)) {
            return null;
        }
        if (!(value instanceof ScalarNode scalar)) {
            throw Problems.at(path + "." + field, value, "expected a string, found " + YamlTree.kind(value));
        }
        return scalar.getValue();
    }

    /** Profiles whose activation matches, in definition order (once per matching entry, as DevSpace lists them). */
    private List<String> activated(List<Profile> profiles) {
        List<String> names = new ArrayList<>();
        for (Profile profile : profiles) {
            Node activation = Nodes.get(profile.node(), "activation");
            if (!(activation instanceof SequenceNode entries)) {
                continue;
            }
            for (int i = 0; i < entries.getValue().size(); i++) {
                Node entry = entries.getValue().get(i);
                String path = profile.path() + ".activation[" + i + "]";
                if (matchAll(Nodes.get(entry, "env"), path + ".env", env::get)
                        && matchAll(Nodes.get(entry, "vars"), path + ".vars", variables::valueText)) {
                    names.add(profile.name());
                }
            }
        }
        return names;
    }

    private static boolean matchAll(Node conditions, String path, java.util.function.Function<String, String> value) {
        if (!(conditions instanceof MappingNode map)) {
            return true;
        }
        for (NodeTuple tuple : map.getValue()) {
            String name = Nodes.keyOf(tuple);
            String expression = tuple.getValueNode() instanceof ScalarNode s ? s.getValue() : "";
            String anchored = "^" + expression.replaceFirst("^\\^", "").replaceFirst("\\$$", "") + "$";
            String actual = value.apply(name);
            try {
                if (!Pattern.compile(anchored).matcher(actual == null ? "" : actual).find()) {
                    return false;
                }
            } catch (PatternSyntaxException e) {
                throw Problems.at(path + "." + name, tuple.getValueNode(), "not a valid regular expression: "
                        + e.getDescription());
            }
        }
        return true;
    }

    private static List<String> lastOccurrences(List<String> names) {
        Map<String, Integer> last = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            last.put(names.get(i), i);
        }
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (last.get(names.get(i)) == i) {
                kept.add(names.get(i));
            }
        }
        return kept;
    }

    /** getProfiles: the profile, then its parents' chains (last parent first), so applying backwards goes parents-first. */
    private void collect(List<Profile> profiles, String name, List<Profile> chain, int depth) {
        if (depth > MAX_DEPTH) {
            throw Problems.at("profiles", null, "cannot load config with profile " + name + ": max config loading depth "
                    + "reached (more than " + MAX_DEPTH + " profiles in one parent chain). Seems like you have a profile "
                    + "cycle somewhere");
        }
        if (name == null || name.isEmpty()) {
            return;
        }
        Profile profile = profiles.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> Problems.at("profiles", null, "Couldn't find profile '" + name + "'"));
        chain.add(profile);
        String parent = text(profile.node(), "parent", profile.path());
        if (parent != null && !parent.isEmpty()) {
            collect(profiles, parent, chain, depth + 1);
            return;
        }
        if (Nodes.get(profile.node(), "parents") instanceof SequenceNode parents) {
            for (int i = parents.getValue().size() - 1; i >= 0; i--) {
                Node entry = parents.getValue().get(i);
                String parentName = text(entry, "profile", profile.path() + ".parents[" + i + "]");
                if (parentName == null || parentName.isEmpty()) {
                    continue;
                }
                if (Nodes.get(entry, "source") != null && !Nodes.isNull(Nodes.get(entry, "source"))) {
                    throw Problems.at(profile.path() + ".parents[" + i + "].source", Nodes.get(entry, "source"),
                            "a parent profile from another source (git or path) is not supported by Buildline: "
                                    + "copy the profile into this file");
                }
                collect(profiles, parentName, chain, depth + 1);
            }
        }
    }

    private void applyOne(MappingNode root, Profile profile) {
        Node replace = Nodes.get(profile.node(), "replace");
        if (replace instanceof MappingNode sections) {
            for (String section : SECTIONS) {
                Node value = Nodes.get(sections, section);
                if (value != null && !Nodes.isNull(value)) {
                    Nodes.put(root, section, budget.copy(value));
                }
            }
        }
        Node merge = Nodes.get(profile.node(), "merge");
        if (merge instanceof MappingNode sections) {
            boolean merged = false;
            for (String section : SECTIONS) {
                Node value = Nodes.get(sections, section);
                if (value != null && !Nodes.isNull(value)) {
                    Nodes.put(root, section, JsonMergePatch.merge(Nodes.get(root, section), value, budget));
                    merged = true;
                }
            }
            if (merged) {
                JsonMergePatch.asJsonNumbers(root);
            }
        }
        if (Nodes.get(profile.node(), "patches") instanceof SequenceNode patches) {
            List<ProfilePatch.Spec> specs = new ArrayList<>();
            for (int i = 0; i < patches.getValue().size(); i++) {
                Node patch = patches.getValue().get(i);
                String where = profile.path() + ".patches[" + i + "]";
                Node value = Nodes.get(patch, "value");
                specs.add(new ProfilePatch.Spec(text(patch, "op", where), text(patch, "path", where),
                        value == null || Nodes.isNull(value) ? null : value, where));
            }
            ProfilePatch.apply(root, specs, budget);
        }
    }
}
