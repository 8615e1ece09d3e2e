package dev.buildline.coordinator.intake;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InvalidConfigException;
import dev.buildline.common.config.RebuildStrategy;
import dev.buildline.git.GitMirror;
import dev.buildline.common.messages.BuildIds;
import dev.buildline.common.plan.ContextLayout;
import dev.buildline.coordinator.webhook.RequestRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything intake needs from git for one change, read in one go on the coordinator's git pool: devspace.yaml after
 * (and before) the change, the changed paths when the host's list cannot be trusted, and each image's inputs identity.
 */
public final class CommitInspector {

    private final GitMirror git;
    private final ConfigParser parser;
    private final String configPath;

    public CommitInspector(GitMirror git, ConfigParser parser, String configPath) {
        this.git = git;
        this.parser = parser;
        this.configPath = configPath;
    }

    /** What git says about a push or a commit. {@code before} and {@code changedPaths} may be null: unknown. */
    public record Inspection(DevspaceConfig before, DevspaceConfig after, Set<String> changedPaths,
                             Map<String, String> inputs) {
    }

    public String configPath() {
        return configPath;
    }

    public String configDir() {
        int slash = configPath.lastIndexOf('/');
        return slash < 0 ? "" : configPath.substring(0, slash);
    }

    /**
     * @param before   the commit before a push, or null
     * @param diff     whether to compute the changed paths from git (the host's list is incomplete)
     * @param override devspace.yaml text to use instead of the committed one (config-change events), or null
     */
    public Inspection inspect(String url, String after, String before, boolean diff, String override) {
        DevspaceConfig given = override == null ? null : parse(override, "devspaceYaml"); // before any git access
        try (GitMirror.Snapshot snapshot = git.snapshot(url, after)) {
            DevspaceConfig afterConfig = given != null ? given
                    : parse(readConfig(snapshot, url, after), configPath + " at " + after);
            DevspaceConfig beforeConfig = null;
            Set<String> changed = null;
            if (before != null) {
                var older = snapshot.other(before);
                if (older.isPresent()) {
                    try (GitMirror.Snapshot previous = older.get()) {
                        beforeConfig = previous.readFile(configPath).map(this::parseQuietly).orElse(null);
                        if (diff) {
                            changed = snapshot.changedPathsSince(previous);
                        }
                    }
                }
            }
            Map<String, String> inputs = new LinkedHashMap<>();
            for (ImageConfig image : afterConfig.images().values()) {
                inputs.put(image.name(), inputsId(snapshot, image));
            }
            return new Inspection(beforeConfig, afterConfig, changed, inputs);
        } catch (GitMirror.GitUnavailableException e) {
            throw e; // could not ask: retryable (503, or retried on config-changes), never a refusal
        } catch (GitMirror.GitException e) {
            throw new RequestRejectedException(422, e.getMessage());
        }
    }

    /**
     * The identity of an image's inputs at a commit: its config hash plus git's ids of its Dockerfile blob and its
     * context tree (left out for ignoreContextChanges). Equal identities build equal images.
     */
    String inputsId(GitMirror.Snapshot snapshot, ImageConfig image) {
        ContextLayout layout;
        try {
            layout = ContextLayout.of(configDir(), image.context(), image.dockerfile());
        } catch (ContextLayout.PathEscapesRepositoryException e) {
            throw new RequestRejectedException(422, configPath + ": images." + image.name() + "." + e.field() + ": "
                    + e.getMessage());
        }
        String dockerfile = snapshot.objectId(layout.dockerfilePath()).orElse("missing");
        String context = image.rebuildStrategy() == RebuildStrategy.IGNORE_CONTEXT_CHANGES ? "-"
                : snapshot.objectId(layout.contextDir()).orElse("missing");
        return BuildIds.sha256(BuildIds.configHash(image) + "\n" + dockerfile + "\n" + context).substring(0, 32);
    }

    private byte[] readConfig(GitMirror.Snapshot snapshot, String url, String commit) {
        return snapshot.readFile(configPath).orElseThrow(() -> new RequestRejectedException(422,
                configPath + " not found in " + url + " at " + commit));
    }

    private DevspaceConfig parse(byte[] yaml, String what) {
        return parse(new String(yaml, StandardCharsets.UTF_8), what);
    }

    private DevspaceConfig parse(String yaml, String what) {
        try {
            return parser.parse(yaml);
        } catch (InvalidConfigException e) {
            throw new RequestRejectedException(422, what + " is invalid: " + e.getMessage());
        }
    }

    /** The previous devspace.yaml of a config change; invalid text is a 422 naming the field and YAML path. */
    public DevspaceConfig parsePrevious(String yaml) {
        return parse(yaml, "previousYaml");
    }

    private DevspaceConfig parseQuietly(byte[] yaml) {
        try {
            return parser.parse(new String(yaml, StandardCharsets.UTF_8));
        } catch (InvalidConfigException e) {
            return null; // an invalid previous config says nothing about what changed
        }
    }
}
