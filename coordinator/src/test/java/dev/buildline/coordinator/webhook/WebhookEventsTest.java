package dev.buildline.coordinator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.coordinator.webhook.WebhookEvents.Kind;
import org.junit.jupiter.api.Test;

/** Which deliveries build: decided from the event header and, for GitLab's system and service hooks, the body. */
class WebhookEventsTest {

    @Test
    void gitlabSystemHookCarriesPushesAndTagPushesNamedByEventName() {
        assertThat(WebhookEvents.gitlab("System Hook", Fixtures.payload("gitlab/system-hook-push.json")).kind())
                .isEqualTo(Kind.PUSH);
        assertThat(WebhookEvents.gitlab("System Hook", Fixtures.payload("gitlab/system-hook-tag-push.json")).kind())
                .isEqualTo(Kind.PUSH);
    }

    @Test
    void gitlabServiceHookCarriesAPushNamedByObjectKind() {
        // an integration's delivery: the project webhook's push body under another header
        assertThat(WebhookEvents.gitlab("Service Hook", Fixtures.payload("gitlab/push-hook.json")).kind())
                .isEqualTo(Kind.PUSH);
    }

    @Test
    void gitlabSystemHookForAProjectBuildsNothingAndSaysWhich() {
        WebhookEvents.Decision decision = WebhookEvents.gitlab("System Hook",
                Fixtures.payload("gitlab/system-hook-project-create.json"));

        assertThat(decision.kind()).isEqualTo(Kind.NOTHING);
        assertThat(decision.reason()).isEqualTo("event System Hook (project_create) builds nothing");
    }

    @Test
    void gitlabProjectHooksByHeader() {
        assertThat(WebhookEvents.gitlab("Push Hook", new byte[0]).kind()).isEqualTo(Kind.PUSH);
        assertThat(WebhookEvents.gitlab("Tag Push Hook", new byte[0]).kind()).isEqualTo(Kind.PUSH);
        assertThat(WebhookEvents.gitlab("Issue Hook", new byte[0]).reason()).isEqualTo("event Issue Hook builds nothing");
        assertThat(WebhookEvents.gitlab(null, new byte[0]).reason())
                .isEqualTo("no X-Gitlab-Event header: nothing to build");
    }

    @Test
    void createAndDeleteSentBesideThePushBuildNothing() {
        // GitHub and Gitea send X-GitHub-Event / X-Gitea-Event create and delete (payloads/github/create.json,
        // delete.json) beside the push for a new or deleted ref; the push is what builds
        WebhookEvents.Decision create = WebhookEvents.byHeader("X-GitHub-Event", "create", true);
        WebhookEvents.Decision delete = WebhookEvents.byHeader("X-Gitea-Event", "delete", false);

        assertThat(create.kind()).isEqualTo(Kind.NOTHING);
        assertThat(create.reason()).isEqualTo("event create builds nothing: the push event sent beside it does");
        assertThat(delete.kind()).isEqualTo(Kind.NOTHING);
    }

    @Test
    void pingOnlyWhereTheHostSendsOne() {
        assertThat(WebhookEvents.byHeader("X-GitHub-Event", "ping", true).kind()).isEqualTo(Kind.PING);
        assertThat(WebhookEvents.byHeader("X-Gitea-Event", "ping", false).kind()).isEqualTo(Kind.NOTHING);
        assertThat(WebhookEvents.byHeader("X-GitHub-Event", "push", true).kind()).isEqualTo(Kind.PUSH);
    }
}
