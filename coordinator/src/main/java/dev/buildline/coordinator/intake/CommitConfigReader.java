package dev.buildline.coordinator.intake;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.InvalidConfigException;
import dev.buildline.common.git.GitMirror;
import dev.buildline.coordinator.webhook.WebhookRejectedException;
import java.nio.charset.StandardCharsets;

/** Reads and validates devspace.yaml as it is at one commit. Blocking: call it on the coordinator's git pool. */
public final class CommitConfigReader {

    private final GitMirror git;
    private final ConfigParser parser;
    private final String configPath;

    public CommitConfigReader(GitMirror git, ConfigParser parser, String configPath) {
        this.git = git;
        this.parser = parser;
        this.configPath = configPath;
    }

    public String configPath() {
        return configPath;
    }

    public DevspaceConfig read(String repoUrl, String commit) {
        byte[] yaml;
        try (GitMirror.Snapshot snapshot = git.snapshot(repoUrl, commit)) {
            yaml = snapshot.readFile(configPath).orElseThrow(() -> new WebhookRejectedException(422,
                    configPath + " not found in " + repoUrl + " at " + commit));
        } catch (GitMirror.GitException e) {
            throw new WebhookRejectedException(422, e.getMessage());
        }
        try {
            return parser.parse(new String(yaml, StandardCharsets.UTF_8));
        } catch (InvalidConfigException e) {
            throw new WebhookRejectedException(422, configPath + " at " + commit + " is invalid: " + e.getMessage());
        }
    }
}
