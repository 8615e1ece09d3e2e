package dev.buildline.coordinator.intake;

import dev.buildline.common.repo.AllowedRepos;
import dev.buildline.common.repo.InvalidRepoUrlException;
import dev.buildline.coordinator.webhook.RequestRejectedException;
import java.util.List;

/**
 * BUILDLINE_ALLOWED_REPOS: the repositories that may be built, checked before any git access wherever a URL comes in
 * (webhooks, API bodies, config-change records, git imports). URLs are compared as URLs ({@link AllowedRepos}); a
 * look-alike (a user name before '@', a '..' segment raw or encoded, a backslash) is refused with what is wrong.
 */
public final class RepoAllowList {

    private final AllowedRepos allowed;

    /** @throws InvalidRepoUrlException for an entry that is no repository URL, naming it (the start stops) */
    public RepoAllowList(List<String> prefixes) {
        this.allowed = AllowedRepos.parse(prefixes);
    }

    /** @throws RequestRejectedException 422 with the reason */
    public void check(String url) {
        try {
            allowed.check(url);
        } catch (InvalidRepoUrlException e) {
            throw new RequestRejectedException(422, e.getMessage());
        }
    }

    /** The parsed entries, for the git mirror's credentials. */
    public AllowedRepos allowed() {
        return allowed;
    }
}
