package dev.buildline.coordinator.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    private static final byte[] BODY = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
    private final SignatureVerifier verifier = new SignatureVerifier("s3cret");

    @Test
    void acceptsGithubSignatureOfTheExactBody() {
        String header = "sha256=" + HexFormat.of().formatHex(verifier.hmac(BODY));

        assertThatCode(() -> verifier.verifyGithub(header, BODY)).doesNotThrowAnyException();
    }

    @Test
    void refusesSignatureOfAnotherBody() {
        String header = "sha256=" + HexFormat.of().formatHex(verifier.hmac("{}".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> verifier.verifyGithub(header, BODY))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("X-Hub-Signature-256 does not match the body");
    }

    @Test
    void namesEachMalformedHeader() {
        String hex = HexFormat.of().formatHex(verifier.hmac(BODY));

        assertThatThrownBy(() -> verifier.verifyGithub(null, BODY)).hasMessage("missing X-Hub-Signature-256 header");
        assertThatThrownBy(() -> verifier.verifyGithub("sha1=" + hex, BODY))
                .hasMessage("X-Hub-Signature-256 must start with sha256=");
        assertThatThrownBy(() -> verifier.verifyGithub("sha256=zz", BODY))
                .hasMessage("X-Hub-Signature-256 is not a hex HMAC");
    }

    @Test
    void refusesEverythingWhenNoSecretIsConfigured() {
        SignatureVerifier unconfigured = new SignatureVerifier(null);

        assertThatThrownBy(() -> unconfigured.verifyGithub("sha256=00", BODY))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((RequestRejectedException) e).status())
                        .isEqualTo(401))
                .hasMessageContaining("BUILDLINE_WEBHOOK_SECRET is not set");
    }

    @Test
    void giteaSignatureIsBareHex() {
        String hex = HexFormat.of().formatHex(verifier.hmac(BODY));

        assertThatCode(() -> verifier.verifyBareHex(hex, "X-Gitea-Signature", BODY)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verifyBareHex("sha256=" + hex, "X-Gitea-Signature", BODY))
                .hasMessage("X-Gitea-Signature is not a hex HMAC");
    }
}
