package dev.buildline.common.repo;

import java.util.ArrayList;
import java.util.List;

/**
 * BUILDLINE_ALLOWED_REPOS parsed once: the repositories (and groups of them, an entry being a path prefix on segment
 * boundaries) that may be built and imported from, and so the only hosts that git credentials are offered to.
 */
public final class AllowedRepos {

    /** The setting these come from, for messages. */
    public static final String SETTING = "BUILDLINE_ALLOWED_REPOS";

    private final List<RepoUrl> entries;

    private AllowedRepos(List<RepoUrl> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * @throws InvalidRepoUrlException for an entry that is no repository URL, naming it
     */
    public static AllowedRepos parse(List<String> entries) {
        List<RepoUrl> parsed = new ArrayList<>();
        for (String entry : entries) {
            try {
                parsed.add(RepoUrl.parse(entry.strip()));
            } catch (InvalidRepoUrlException e) {
                throw new InvalidRepoUrlException(entry, "as an entry of " + SETTING + ", " + e.why());
            }
        }
        return new AllowedRepos(parsed);
    }

    /**
     * The URL, parsed, when an entry covers it.
     *
     * @throws InvalidRepoUrlException when the URL is malformed or no entry covers it, saying which
     */
    public RepoUrl check(String url) {
        RepoUrl parsed = RepoUrl.parse(url);
        for (RepoUrl entry : entries) {
            if (entry.covers(parsed)) {
                return parsed;
            }
        }
        throw InvalidRepoUrlException.notAllowed(url, entries.isEmpty());
    }

    /** Whether git credentials may be sent to this scheme, host and port: an entry names that origin. */
    public boolean namesOrigin(String scheme, String host, int port) {
        return entries.stream().anyMatch(entry -> entry.sameOrigin(scheme, host, port));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
