package dev.buildline.coordinator.intake;

import dev.buildline.common.config.load.GitImports;
import dev.buildline.common.config.load.RepoFiles;
import dev.buildline.git.GitMirror;
import dev.buildline.coordinator.webhook.RequestRejectedException;
import java.util.ArrayList;
import java.util.List;

/**
 * Git imports of one load, read through the coordinator's mirror at their pinned revision, for repositories
 * BUILDLINE_ALLOWED_REPOS allows (the same rule as for the repositories it builds). The snapshots stay open until the
 * load is done.
 */
final class MirrorImports implements GitImports, AutoCloseable {

    private final GitMirror git;
    private final RepoAllowList allowList;
    private final List<GitMirror.Snapshot> opened = new ArrayList<>();

    MirrorImports(GitMirror git, RepoAllowList allowList) {
        this.git = git;
        this.allowList = allowList;
    }

    @Override
    public RepoFiles at(String url, String revision) {
        try {
            allowList.check(url);
        } catch (RequestRejectedException e) {
            throw new UnavailableException(e.getMessage());
        }
        GitMirror.Snapshot snapshot;
        try {
            snapshot = git.snapshot(url, revision);
        } catch (GitMirror.GitException e) {
            throw new UnavailableException(e.getMessage());
        }
        opened.add(snapshot);
        return CommitInspector.files(snapshot);
    }

    @Override
    public void close() {
        opened.forEach(GitMirror.Snapshot::close);
    }
}
