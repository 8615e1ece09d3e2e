package dev.buildline.common.config.load;

import dev.buildline.common.config.YamlTree;
import dev.buildline.common.plan.ContextLayout.PathEscapesRepositoryException;
import dev.buildline.common.plan.RepoPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * {@code imports} (loader/imports.go): each enabled import with a local {@code path} is read from the same commit,
 * must have the importing file's version, and is merged section by section: mappings gain only the keys they do not
 * have (the importer wins), lists are appended; paths inside the imported file are not rebased. Nested imports are
 * resolved from the imported file's directory (in the imported repository for a git import). A git import must be
 * pinned ({@code revision} or {@code tag}, so a redelivery reads the same file) and is read through
 * {@link GitImports}, which answers only for repositories the server allows; URL imports are refused.
 */
final class Imports {

    static final List<String> SECTIONS = List.of("require", "vars", "dev", "deployments", "images", "pipelines",
            "commands", "functions", "pullSecrets", "dependencies", "profiles", "hooks", "localRegistry");
    private static final int MAX_DEPTH = 20;
    private static final Set<String> FIELDS = Set.of("enabled", "path", "git", "branch", "tag", "revision", "subPath",
            "cloneArgs", "disableShallow", "disablePull");

    private final Variables variables;
    private final RepoFiles files;
    private final GitImports gitImports;
    private final Budget budget;

    Imports(Variables variables, RepoFiles files, GitImports gitImports, Budget budget) {
        this.variables = variables;
        this.files = files;
        this.gitImports = gitImports;
        this.budget = budget;
    }

    /** Where a file sits: its repository's files, its directory and path there, and its name for messages. */
    private record Origin(RepoFiles files, String dir, String file, String label) {
    }

    /** Resolves the imports of {@code root} (a file in {@code dir}) into it and removes the section. */
    void resolve(MappingNode root, String dir, String file) {
        resolve(root, new Origin(files, dir, file, file), 0);
        Nodes.remove(root, "imports");
    }

    private void resolve(MappingNode merged, Origin origin, int depth) {
        String file = origin.label();
        variables.define(merged);
        Node section = Nodes.get(merged, "imports");
        if (section == null || Nodes.isNull(section)) {
            return;
        }
        if (depth > MAX_DEPTH) {
            throw Problems.at("imports", section, "imports nest more than " + MAX_DEPTH + " levels deep (" + file
                    + "); do they import each other?");
        }
        String version = Nodes.get(merged, "version") instanceof ScalarNode v ? v.getValue() : null;
        if (version == null) {
            throw Problems.at("version", null, "Version is missing in devspace.yaml");
        }
        section = variables.fill(section, List.of("imports"), p -> false, true);
        if (!(section instanceof SequenceNode list)) {
            throw Problems.at("imports", section, "expected a list of imports, found " + YamlTree.kind(section));
        }
        for (int i = 0; i < list.getValue().size(); i++) {
            String path = (depth == 0 ? "" : file + ": ") + "imports[" + i + "]";
            Node entry = list.getValue().get(i);
            if (!(entry instanceof MappingNode)) {
                throw Problems.at(path, entry, "expected a mapping with path, found " + YamlTree.kind(entry));
            }
            for (NodeTuple tuple : ((MappingNode) entry).getValue()) {
                if (!FIELDS.contains(Nodes.keyOf(tuple))) {
                    throw Problems.at(path + "." + Nodes.keyOf(tuple), tuple.getKeyNode(), "unknown field of an import");
                }
            }
            if (Nodes.get(entry, "enabled") instanceof ScalarNode enabled
                    && GoValues.parseBool(enabled.getValue()) == Boolean.FALSE) {
                continue;
            }
            Origin source = locate(entry, path, origin);
            String importFile = source.label();
            MappingNode imported = read(source, path, entry);
            String importVersion = Nodes.get(imported, "version") instanceof ScalarNode v ? v.getValue() : null;
            if (importVersion == null) {
                throw Problems.at(path, entry, "version is missing in import config " + importFile);
            }
            if (!importVersion.equals(version)) {
                throw Problems.at(path, entry, "import mismatch " + version + " != " + importVersion + ". Import "
                        + importFile + " has different version than currently used devspace.yaml, please make sure "
                        + "the versions match between an import and the devspace.yaml using it");
            }
            mergeSections(merged, imported, path);
            Node nested = Nodes.get(imported, "imports");
            if (nested != null) {
                Nodes.put(merged, "imports", nested);
            } else {
                Nodes.remove(merged, "imports");
            }
            resolve(merged, source, depth + 1);
        }
    }

    /** The imported file: its repository's files, its directory and its path there. */
    private Origin locate(Node entry, String path, Origin origin) {
        Node gitNode = Nodes.get(entry, "git");
        if (gitNode != null && !Nodes.isNull(gitNode)) {
            return locateInGit(entry, path, gitNode);
        }
        for (String remote : List.of("branch", "tag", "revision")) {
            if (Nodes.get(entry, remote) != null && !Nodes.isNull(Nodes.get(entry, remote))) {
                throw Problems.at(path + "." + remote, Nodes.get(entry, remote), remote + " applies to git imports "
                        + "only, and this import has no git");
            }
        }
        Node pathNode = Nodes.get(entry, "path");
        if (!(pathNode instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
            throw Problems.at(path + ".path", entry, "is required (a file of this repository, or git with revision)");
        }
        String value = scalar.getValue().strip();
        if (value.startsWith("http://") || value.startsWith("https://")) {
            throw Problems.at(path + ".path", pathNode, "imports from a URL are not supported by Buildline: it reads "
                    + "only git repositories; copy the file into this repository");
        }
        String resolved;
        try {
            resolved = RepoPaths.resolve(origin.dir(), value, "path");
            resolved = subPath(entry, resolved);
        } catch (PathEscapesRepositoryException e) {
            throw Problems.at(path + ".path", pathNode, "'" + value + "' leaves the repository (" + e.reason()
                    + "); an import must be a file of the same repository");
        }
        return at(origin.files(), configFile(resolved), null);
    }

    private Origin locateInGit(Node entry, String path, Node gitNode) {
        String url = gitNode instanceof ScalarNode s ? s.getValue().strip() : "";
        String revision = text(Nodes.get(entry, "revision"));
        String tag = text(Nodes.get(entry, "tag"));
        if (revision == null && tag == null) {
            throw Problems.at(path + ".git", gitNode, "a git import must be pinned with revision (a commit id) or "
                    + "tag on a build server: a branch can move between a push and its redelivery");
        }
        String pin = revision != null ? revision : "refs/tags/" + tag;
        RepoFiles remote;
        try {
            remote = gitImports.at(url, pin);
        } catch (GitImports.UnavailableException e) {
            throw Problems.at(path + ".git", gitNode, "cannot import from " + url + ": " + e.getMessage());
        }
        String resolved;
        try {
            resolved = subPath(entry, "");
        } catch (PathEscapesRepositoryException e) {
            throw Problems.at(path + ".subPath", Nodes.get(entry, "subPath"), e.reason());
        }
        return at(remote, configFile(resolved), url + "@" + (revision != null ? revision : tag) + ":");
    }

    private static Origin at(RepoFiles files, String file, String repository) {
        int slash = file.lastIndexOf('/');
        return new Origin(files, slash < 0 ? "" : file.substring(0, slash), file,
                repository == null ? file : repository + file);
    }

    private static String subPath(Node entry, String base) {
        Node subPath = Nodes.get(entry, "subPath");
        if (subPath instanceof ScalarNode sub && !sub.getValue().isBlank()) {
            return RepoPaths.resolve(base, sub.getValue(), "subPath");
        }
        return base;
    }

    /** dependency/util getDependencyConfigPath: a directory means its devspace.yaml. */
    private static String configFile(String resolved) {
        if (!resolved.endsWith(".yaml") && !resolved.endsWith(".yml")) {
            return resolved.isEmpty() ? "devspace.yaml" : resolved + "/devspace.yaml";
        }
        return resolved;
    }

    private static String text(Node node) {
        return node instanceof ScalarNode s && !Nodes.isNull(s) && !s.getValue().isBlank() ? s.getValue().strip() : null;
    }

    private MappingNode read(Origin source, String path, Node entry) {
        String file = source.label();
        String text = source.files().read(source.file()).orElseThrow(() -> Problems.at(path + ".path",
                Nodes.get(entry, "path"), file + " is not a file of the repository at this commit"));
        Node root;
        try {
            root = YamlTree.readFirst(text);
        } catch (YAMLException e) {
            throw Problems.at(path, entry, file + " is not valid YAML: " + YamlTree.describe(e));
        }
        if (!(root instanceof MappingNode)) {
            throw Problems.at(path, entry, file + ": expected a mapping at the top level");
        }
        try {
            return (MappingNode) Nodes.expand(root, budget, file, file);
        } catch (Nodes.TooLargeException e) {
            throw Problems.at(path + " (" + e.path() + ")", entry, e.getMessage());
        }
    }

    private static void mergeSections(MappingNode merged, MappingNode imported, String path) {
        for (String section : SECTIONS) {
            Node value = Nodes.get(imported, section);
            Node existing = Nodes.get(merged, section);
            if (value instanceof MappingNode map) {
                if (existing == null || Nodes.isNull(existing)) {
                    existing = Nodes.mapping(map.getStartMark());
                    Nodes.put(merged, section, existing);
                }
                if (!(existing instanceof MappingNode target)) {
                    throw Problems.at(path, value, "cannot merge " + section + ": it is a mapping in the import and "
                            + YamlTree.kind(existing) + " here");
                }
                List<NodeTuple> tuples = new ArrayList<>(target.getValue());
                for (NodeTuple tuple : map.getValue()) {
                    if (!Nodes.has(target, Nodes.keyOf(tuple))) {
                        tuples.add(tuple);
                    }
                }
                target.setValue(tuples);
            } else if (value instanceof SequenceNode list) {
                if (existing == null || Nodes.isNull(existing)) {
                    existing = Nodes.sequence(List.of(), list.getStartMark());
                    Nodes.put(merged, section, existing);
                }
                if (!(existing instanceof SequenceNode target)) {
                    throw Problems.at(path, value, "cannot merge " + section + ": it is a list in the import and "
                            + YamlTree.kind(existing) + " here");
                }
                target.getValue().addAll(list.getValue());
            }
        }
    }
}
