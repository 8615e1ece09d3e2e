package dev.buildline.git;

import dev.buildline.common.repo.AllowedRepos;
import dev.buildline.common.repo.RepoUrl;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * BUILDLINE_GIT_USERNAME/BUILDLINE_GIT_TOKEN for one fetch, answered only when JGit asks for the scheme, host and port
 * of the URL being fetched, and only when the allow-list names that origin: a redirect to another host, or a URL that
 * names a host the operator never listed, gets no credentials.
 */
final class OriginCredentials extends UsernamePasswordCredentialsProvider {

    private final RepoUrl fetched;
    private final AllowedRepos allowed;

    /** @param allowed the origins credentials may go to; null when every origin of an allowed fetch may get them */
    OriginCredentials(String username, String token, RepoUrl fetched, AllowedRepos allowed) {
        super(username, token);
        this.fetched = fetched;
        this.allowed = allowed;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        return answersFor(uri) && super.get(uri, items);
    }

    boolean answersFor(URIish uri) {
        return uri != null && fetched.sameOrigin(uri.getScheme(), uri.getHost(), uri.getPort())
                && (allowed == null || allowed.namesOrigin(uri.getScheme(), uri.getHost(), uri.getPort()));
    }
}
