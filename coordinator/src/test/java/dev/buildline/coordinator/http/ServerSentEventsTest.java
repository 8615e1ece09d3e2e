package dev.buildline.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerSentEventsTest {

    @Test
    void anEventIsNamedNumberedAndEndsWithABlankLine() {
        assertThat(ServerSentEvents.event("build", 7, "{\"status\":\"running\"}"))
                .isEqualTo("event: build\nid: 7\ndata: {\"status\":\"running\"}\n\n");
    }

    @Test
    void multiLineDataBecomesOneDataLineEach() {
        assertThat(ServerSentEvents.event("log", 1, "one\ntwo")).isEqualTo("event: log\nid: 1\ndata: one\ndata: two\n\n");
    }

    @Test
    void aCommentCannotEndTheEventEarly() {
        assertThat(ServerSentEvents.comment("keep\nalive")).isEqualTo(": keep alive\n\n");
    }
}
