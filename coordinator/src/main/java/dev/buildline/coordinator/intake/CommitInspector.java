package dev.buildline.coordinator.intake;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InvalidConfigException;
import dev.buildline.common.config.RebuildStrategy;
import dev.buildline.common.config.load.ConfigLoader;
import dev.buildline.common.config.load.GitImports;
import dev.buildline.common.config.load.LoadRequest;
import dev.buildline.common.config.load.RepoFiles;
import dev.buildline.git.GitMirror;
import dev.buildline.common.messages.BuildIds;
import dev.buildline.common.plan.ContextLayout;
import dev.buildline.common.policy.BuilderProfile;
import dev.buildline.common.policy.RepositoryGrants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Everything intake needs from git for one change, read in one go on the coordinator's git pool: devspace.yaml after
 * (and before) the change, loaded as DevSpace loads it with the repository's settings (imports and .env from the
 * same commit, git facts of the pushed commit and ref), the changed paths when the host's list cannot be trusted,
 * and each image's inputs identity.
 */
public final class CommitInspector {

    static final LoadRequest.Sources SOURCES = new LoadRequest.Sources(
            "the repository's vars in BUILDLINE_REPOSITORIES_FILE",
            "the repository's env list in BUILDLINE_REPOSITORIES_FILE");

    private final GitMirror git;
    private final ConfigCache configs;
    private final RepositorySettings repositories;
    private final RepoAllowList allowList;

    /** @param allowList the repositories git imports may come from (those that may be built) */
    public CommitInspector(GitMirror git, ConfigLoader loader, RepositorySettings repositories,
                           RepoAllowList allowList) {
        this(git, new ConfigCache(loader), repositories, allowList);
    }

    /** @param configs loads devspace.yaml once per blob id and settings */
    CommitInspector(GitMirror git, ConfigCache configs, RepositorySettings repositories, RepoAllowList allowList) {
        this.git = git;
        this.configs = configs;
        this.repositories = repositories;
        this.allowList = allowList;
    }

    /** Every repository's file at {@code configPath}, with no settings and no git imports. */
    public CommitInspector(GitMirror git, ConfigParser parser, String configPath) {
        this(git, new ConfigLoader(parser), RepositorySettings.none(configPath), new RepoAllowList(List.of()));
    }

    /**
     * What git says about a push or a commit. {@code before} and {@code changedPaths} may be null: unknown.
     * {@code configHashes} and {@code inputs} are by image name, for every image of {@code after}. {@code entry} is
     * the repository's settings entry and {@code grants} what it may do, image prefixes resolved
     * ({@link BuildPolicySettings#grantsFor}); {@code builders} are the server's builder profiles.
     */
    public record Inspection(DevspaceConfig before, DevspaceConfig after, Set<String> changedPaths,
                             Map<String, String> configHashes, Map<String, String> inputs,
                             RepositorySettings.Entry entry, RepositoryGrants grants,
                             Map<String, BuilderProfile> builders) {

        /** Where the file is, for messages: {@code deploy/devspace.yaml at <commit>}. */
        public String configPath() {
            return entry.configPath();
        }
    }

    /**
     * @param ref              the ref pushed or named ({@code refs/heads/main}), for DEVSPACE_GIT_BRANCH
     * @param before           the commit before a push, or null
     * @param diff             whether to compute the changed paths from git (the host's list is incomplete)
     * @param override         devspace.yaml text to use instead of the committed one (config-change events), or null
     * @param previousOverride the devspace.yaml before a config change, or null
     */
    public Inspection inspect(String url, String ref, String after, String before, boolean diff, String override,
                              String previousOverride) {
        RepositorySettings.Entry entry = repositories.forRepository(url);
        String configPath = entry.configPath();
        try (GitMirror.Snapshot snapshot = git.snapshot(url, after)) {
            String text = override != null ? override : readConfig(snapshot, url, after, configPath);
            DevspaceConfig afterConfig = load(entry, url, ref, snapshot, textId(snapshot, configPath, override), text,
                    override != null ? "devspaceYaml" : configPath + " at " + after);
            DevspaceConfig beforeConfig = previousOverride == null ? null
                    : load(entry, url, ref, snapshot, textId(snapshot, configPath, previousOverride), previousOverride,
                    "previousYaml");
            Set<String> changed = null;
            if (before != null) {
                var older = snapshot.other(before);
                if (older.isPresent()) {
                    try (GitMirror.Snapshot previous = older.get()) {
                        String previousId = textId(previous, configPath, null);
                        beforeConfig = previous.readFile(configPath)
                                .map(yaml -> loadQuietly(entry, url, ref, previous, previousId,
                                        new String(yaml, StandardCharsets.UTF_8)))
                                .orElse(null);
                        if (diff) {
                            changed = snapshot.changedPathsSince(previous);
                        }
                    }
                }
            }
            Map<String, String> configHashes = new LinkedHashMap<>();
            Map<String, String> inputs = new LinkedHashMap<>();
            for (ImageConfig image : afterConfig.images().values()) {
                String configHash = BuildIds.configHash(image);
                configHashes.put(image.name(), configHash);
                inputs.put(image.name(), inputsId(snapshot, entry, image, configHash));
            }
            BuildPolicySettings policy = repositories.policy();
            return new Inspection(beforeConfig, afterConfig, changed, configHashes, inputs, entry,
                    policy.grantsFor(entry), policy.builders());
        } catch (GitMirror.GitUnavailableException e) {
            throw e; // could not ask: retryable (503, or retried on config-changes), never a refusal
        } catch (GitMirror.GitException e) {
            throw new IntakeRejectedException(IntakeRejectedException.Reason.UNKNOWN_COMMIT, e.getMessage());
        }
    }

    /**
     * The identity of an image's inputs at a commit: its config hash plus git's ids of its Dockerfile blob and its
     * context tree (left out for ignoreContextChanges). Equal identities build equal images.
     */
    String inputsId(GitMirror.Snapshot snapshot, RepositorySettings.Entry entry, ImageConfig image,
                    String configHash) {
        ContextLayout layout;
        try {
            layout = ContextLayout.of(entry.configDir(), image.context(), image.dockerfile());
        } catch (ContextLayout.PathEscapesRepositoryException e) {
            throw new IntakeRejectedException(IntakeRejectedException.Reason.CONFIG_INVALID, entry.configPath()
                    + ": images." + image.name() + "." + e.field()
                    + ": " + e.getMessage());
        }
        String dockerfile = snapshot.objectId(layout.dockerfilePath()).orElse("missing");
        String context = image.rebuildStrategy() == RebuildStrategy.IGNORE_CONTEXT_CHANGES ? "-"
                : snapshot.objectId(layout.contextDir()).orElse("missing");
        return BuildIds.sha256(configHash + "\n" + dockerfile + "\n" + context).substring(0, 32);
    }

    private static String readConfig(GitMirror.Snapshot snapshot, String url, String commit, String configPath) {
        return snapshot.readFile(configPath).map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .orElseThrow(() -> new IntakeRejectedException(IntakeRejectedException.Reason.CONFIG_MISSING,
                        configPath + " not found in " + url + " at "
                        + commit));
    }

    /** The committed file's blob id, or a digest of the text an event gave instead. */
    private static String textId(GitMirror.Snapshot snapshot, String configPath, String given) {
        return given != null ? "text " + BuildIds.sha256(given)
                : snapshot.objectId(configPath).map(id -> "blob " + id).orElse("missing");
    }

    private DevspaceConfig load(RepositorySettings.Entry entry, String url, String ref, GitMirror.Snapshot snapshot,
                                String textId, String text, String what) {
        try (MirrorImports imports = new MirrorImports(git, allowList)) {
            return configs.load(textId, request(entry, url, ref, snapshot, text, imports));
        } catch (InvalidConfigException e) {
            throw new IntakeRejectedException(IntakeRejectedException.Reason.CONFIG_INVALID, what + " is invalid: " + e.getMessage());
        }
    }

    private DevspaceConfig loadQuietly(RepositorySettings.Entry entry, String url, String ref,
                                       GitMirror.Snapshot snapshot, String textId,
                                       String text) {
        try (MirrorImports imports = new MirrorImports(git, allowList)) {
            return configs.load(textId, request(entry, url, ref, snapshot, text, imports));
        } catch (InvalidConfigException e) {
            return null; // an invalid previous config says nothing about what changed
        }
    }

    /**
     * What a developer's shell would supply, as the repository's settings give it; RANDOM is seeded by the
     * repository, commit and file, TIMESTAMP is the commit's time, so a redelivery loads the same config.
     */
    private LoadRequest request(RepositorySettings.Entry entry, String url, String ref, GitMirror.Snapshot snapshot,
                                String text, GitImports imports) {
        String configDir = entry.configDir();
        String directory = configDir.isEmpty() ? repositoryName(url) : configDir.substring(configDir.lastIndexOf('/') + 1);
        return new LoadRequest(entry.configPath(), text, directory, entry.vars(), entry.profiles(), entry.env(),
                repositories.namespace(), repositories.kubeContext(), url + "@" + snapshot.commit().name(),
                snapshot.commit().getCommitTime(), files(snapshot),
                new JGitFacts(snapshot.repository(), snapshot.commit(), ref), SOURCES, imports);
    }

    /** The last path segment of a repository URL without {@code .git}: the directory a clone would be in. */
    static String repositoryName(String url) {
        String trimmed = url.replaceAll("/+$", "");
        String name = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        int colon = name.lastIndexOf(':');
        name = colon >= 0 ? name.substring(colon + 1) : name;
        return name.endsWith(".git") ? name.substring(0, name.length() - 4) : name;
    }

    /** Regular files of the commit; a symbolic link or a submodule is no file to import. */
    static RepoFiles files(GitMirror.Snapshot snapshot) {
        return path -> {
            try (TreeWalk walk = TreeWalk.forPath(snapshot.repository(), path, snapshot.commit().getTree())) {
                if (walk == null) {
                    return Optional.empty();
                }
                FileMode mode = walk.getFileMode(0);
                if (mode != FileMode.REGULAR_FILE && mode != FileMode.EXECUTABLE_FILE) {
                    return Optional.empty();
                }
                byte[] bytes = snapshot.repository().open(walk.getObjectId(0)).getBytes();
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + " at " + snapshot.commit().name(), e);
            }
        };
    }
}
