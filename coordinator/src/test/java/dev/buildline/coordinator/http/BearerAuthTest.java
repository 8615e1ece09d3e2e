package dev.buildline.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerAuthTest {

    private final BearerAuth auth = new BearerAuth("s3cret-token");

    @Test
    void acceptsTheTokenAsABearerCredential() {
        assertThat(auth.accepts("Bearer s3cret-token")).isTrue();
        assertThat(auth.accepts("bearer s3cret-token")).isTrue();
    }

    @Test
    void refusesAMissingWrongOrDifferentlySchemedToken() {
        assertThat(auth.accepts(null)).isFalse();
        assertThat(auth.accepts("Bearer s3cret-toke")).isFalse();
        assertThat(auth.accepts("Bearer s3cret-token-and-more")).isFalse();
        assertThat(auth.accepts("Basic s3cret-token")).isFalse();
        assertThat(auth.accepts("s3cret-token")).isFalse();
    }

    @Test
    void withoutATokenEveryRequestPasses() {
        BearerAuth open = new BearerAuth(" ");

        assertThat(open.enabled()).isFalse();
        assertThat(open.accepts(null)).isTrue();
    }
}
