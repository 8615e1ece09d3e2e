package dev.buildline.coordinator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PushPayloadsTest {

    @Test
    void readsRepositoryRefAndCommits() {
        PushEvent push = PushPayloads.github("d-1", bytes("""
                {"ref":"refs/heads/main","before":"%s","after":"%s","deleted":false,
                 "repository":{"full_name":"acme/app","clone_url":"https://github.com/acme/app.git"}}
                """.formatted("a".repeat(40), "b".repeat(40))));

        assertThat(push.repo().url()).isEqualTo("https://github.com/acme/app.git");
        assertThat(push.repo().name()).isEqualTo("acme/app");
        assertThat(push.ref()).isEqualTo("refs/heads/main");
        assertThat(push.before()).isEqualTo("a".repeat(40));
        assertThat(push.after()).isEqualTo("b".repeat(40));
        assertThat(push.deleted()).isFalse();
        assertThat(push.deliveryId()).isEqualTo("d-1");
    }

    @Test
    void branchDeletionIsMarked() {
        PushEvent push = PushPayloads.github("d-2", bytes("""
                {"ref":"refs/heads/old","after":"%s","deleted":true,
                 "repository":{"full_name":"acme/app","clone_url":"https://github.com/acme/app.git"}}
                """.formatted("0".repeat(40))));

        assertThat(push.deleted()).isTrue();
    }

    @Test
    void namesTheMissingField() {
        assertThatThrownBy(() -> PushPayloads.github("d", bytes("{\"ref\":\"refs/heads/main\",\"after\":\"x\"}")))
                .isInstanceOf(WebhookRejectedException.class)
                .hasMessage("payload field repository.clone_url is missing or not a string");
        assertThatThrownBy(() -> PushPayloads.github("d", bytes("[1,2]")))
                .hasMessage("payload is not a JSON object");
        assertThatThrownBy(() -> PushPayloads.github("d", bytes("{\"ref\":")))
                .hasMessageStartingWith("payload is not valid JSON");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
