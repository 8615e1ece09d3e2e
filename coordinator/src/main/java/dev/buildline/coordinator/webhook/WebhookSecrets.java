package dev.buildline.coordinator.webhook;

import java.time.Clock;
import java.util.function.Function;

/**
 * Which secret must vouch for a delivery: the one of the repository the payload names, when its entry in
 * BUILDLINE_REPOSITORIES_FILE has {@code webhookSecretEnv}, else the global ones (BUILDLINE_WEBHOOK_SECRET,
 * BUILDLINE_GITLAB_TOKEN, BUILDLINE_GITLAB_SIGNING_KEY). A repository's own secret replaces all three for it: it is
 * the HMAC key of GitHub and Gitea, and GitLab's token or signing key, so the global secrets never build it.
 */
public final class WebhookSecrets {

    private final SignatureVerifier global;
    private final GitlabVerifier globalGitlab;
    private final Function<String, String> ownSecret;
    private final Clock clock;

    /** @param ownSecret a repository URL's own secret, or null when it has none */
    public WebhookSecrets(String webhookSecret, String gitlabToken, String gitlabSigningKey,
                          Function<String, String> ownSecret, Clock clock) {
        this.global = new SignatureVerifier(webhookSecret);
        this.globalGitlab = new GitlabVerifier(gitlabToken, gitlabSigningKey, clock);
        this.ownSecret = ownSecret;
        this.clock = clock;
    }

    /** The HMAC check of GitHub and Gitea deliveries naming {@code repository} (null: naming none). */
    public SignatureVerifier hmac(String repository) {
        String own = own(repository);
        return own == null ? global : new SignatureVerifier(own);
    }

    /** The token or signature check of GitLab deliveries naming {@code repository} (null: naming none). */
    public GitlabVerifier gitlab(String repository) {
        String own = own(repository);
        return own == null ? globalGitlab : new GitlabVerifier(own, own, clock);
    }

    private String own(String repository) {
        return repository == null ? null : ownSecret.apply(repository);
    }
}
