package dev.buildline.coordinator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookOutcomeTest {

    @Test
    void eachAnswerOfTheStableInterfaceHasItsOwnOutcome() {
        assertThat(WebhookOutcome.of(202)).isEqualTo("accepted");
        assertThat(WebhookOutcome.of(200)).isEqualTo("ok");
        assertThat(WebhookOutcome.of(400)).isEqualTo("malformed");
        assertThat(WebhookOutcome.of(401)).isEqualTo("unauthorized");
        assertThat(WebhookOutcome.of(413)).isEqualTo("too_large");
        assertThat(WebhookOutcome.of(422)).isEqualTo("rejected");
        assertThat(WebhookOutcome.of(503)).isEqualTo("unavailable");
        assertThat(WebhookOutcome.of(500)).isEqualTo("error");
    }
}
