package dev.buildline.coordinator.intake;

import dev.buildline.common.config.load.GitFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The git facts of one commit from a JGit repository (the coordinator's mirror, or the repository a local
 * devspace.yaml sits in), as git prints them in a checkout of {@code ref}: what the loader answers
 * {@code $(git ...)} expressions and DEVSPACE_GIT_* with. Nothing is run.
 */
public final class JGitFacts implements GitFacts {

    private final Repository repository;
    private final RevCommit commit;
    private final String branch;

    /** @param ref the ref pushed ({@code refs/heads/main}); anything but a branch is a detached checkout */
    public JGitFacts(Repository repository, RevCommit commit, String ref) {
        this.repository = repository;
        this.commit = commit;
        this.branch = branchOf(ref);
    }

    /** {@code refs/heads/x} → {@code x}; a tag, a bare commit or no ref → "HEAD" (detached, as go-git says). */
    public static String branchOf(String ref) {
        if (ref == null) {
            return "HEAD";
        }
        return ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : "HEAD";
    }

    @Override
    public CommitInfo commit() {
        PersonIdent author = commit.getAuthorIdent();
        PersonIdent committer = commit.getCommitterIdent();
        return new CommitInfo(commit.name(), author.getName(), author.getEmailAddress(),
                author.getWhenAsInstant().getEpochSecond(), author.getZoneOffset().getTotalSeconds() / 60,
                committer.getName(), committer.getEmailAddress(), committer.getWhenAsInstant().getEpochSecond(),
                committer.getZoneOffset().getTotalSeconds() / 60, commit.getFullMessage());
    }

    @Override
    public String branch() {
        return branch;
    }

    @Override
    public String abbreviate(int minLength) {
        try (ObjectReader reader = repository.newObjectReader()) {
            return reader.abbreviate(commit, minLength).name();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot abbreviate " + commit.name(), e);
        }
    }

    @Override
    public Optional<String> describe(boolean allTags, int abbrev, boolean longFormat) {
        try {
            String described = Git.wrap(repository).describe().setTarget(commit).setTags(allTags)
                    .setAbbrev(abbrev).setLong(longFormat).call();
            return Optional.ofNullable(described);
        } catch (GitAPIException | IOException e) {
            throw new UnavailableException("git describe failed: " + e.getMessage());
        }
    }
}
