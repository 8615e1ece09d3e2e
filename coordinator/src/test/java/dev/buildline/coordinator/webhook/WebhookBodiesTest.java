package dev.buildline.coordinator.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Form-encoded deliveries, built as Gitea and Forgejo build them (services/webhook: {@code url.Values{"payload":
 * {content}}.Encode()}, the HMAC over the payload content) and as GitHub does (the HMAC over the raw body).
 */
class WebhookBodiesTest {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Test
    void theJsonOfAFormIsItsPayloadField() {
        byte[] json = Fixtures.payload("gitea/push.json");
        byte[] form = form(json);

        byte[] payload = WebhookBodies.json(FORM, form);

        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(new String(json, StandardCharsets.UTF_8));
        assertThat(PushPayloads.gitea("g", payload).after()).isEqualTo("bffeb74224043ba2feb48d137756c8a9331c449a");
    }

    @Test
    void aJsonBodyIsItself() {
        byte[] json = Fixtures.payload("gitea/push.json");

        assertThat(WebhookBodies.json("application/json", json)).isSameAs(json);
        assertThat(WebhookBodies.json(null, json)).isSameAs(json);
    }

    @Test
    void aFormWithoutAPayloadFieldIsMalformed() {
        assertThatThrownBy(() -> WebhookBodies.json(FORM + "; charset=utf-8", "other=1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("form-encoded body has no payload field");
        assertThatThrownBy(() -> WebhookBodies.json(FORM, "payload=%zz".getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("form field payload is not URL-encoded");
    }

    @Test
    void aFormSignatureMayCoverThePayloadAsGiteaSignsItOrTheRawBodyAsGithubDoes() {
        SignatureVerifier verifier = new SignatureVerifier("s3cret");
        byte[] json = Fixtures.payload("gitea/push.json");
        byte[] form = form(json);
        String overPayload = HexFormat.of().formatHex(verifier.hmac(json));
        String overForm = HexFormat.of().formatHex(verifier.hmac(form));

        verifier.verifyBareHex(overPayload, "X-Gitea-Signature", form, WebhookBodies.json(FORM, form));
        verifier.verifyGithub("sha256=" + overForm, form, WebhookBodies.json(FORM, form));
        assertThatThrownBy(() -> verifier.verifyBareHex(HexFormat.of().formatHex(verifier.hmac("{}".getBytes(
                StandardCharsets.UTF_8))), "X-Gitea-Signature", form, WebhookBodies.json(FORM, form)))
                .hasMessage("X-Gitea-Signature does not match the body");
    }

    private static byte[] form(byte[] json) {
        return ("payload=" + URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
    }
}
