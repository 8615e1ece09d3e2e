package dev.buildline.coordinator.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class GitlabVerifierTest {

    private static final byte[] BODY = "{\"object_kind\":\"push\"}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] KEY = "signing-key-bytes-32-long-enough".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void tokenMustMatch() {
        GitlabVerifier verifier = new GitlabVerifier("tok", null, clock);

        assertThatCode(() -> verifier.verify(headers("X-Gitlab-Token", "tok"), BODY)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(headers("X-Gitlab-Token", "other"), BODY))
                .hasMessage("X-Gitlab-Token does not match");
        assertThatThrownBy(() -> verifier.verify(headers(), BODY)).hasMessage("missing X-Gitlab-Token header");
    }

    @Test
    void signedFormIsCheckedAgainstIdTimestampAndBody() {
        GitlabVerifier verifier = new GitlabVerifier(null, "whsec_" + Base64.getEncoder().encodeToString(KEY), clock);
        String timestamp = Long.toString(NOW.getEpochSecond() - 30);

        assertThatCode(() -> verifier.verify(signed("msg_1", timestamp, sign("msg_1", timestamp, BODY)), BODY))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier.verify(signed("msg_1", timestamp, sign("msg_2", timestamp, BODY)), BODY))
                .hasMessage("webhook-signature does not match the body");
        assertThatThrownBy(() -> verifier.verify(signed("msg_1", timestamp, "v2,abc"), BODY))
                .hasMessage("webhook-signature has no v1 signature");
    }

    @Test
    void staleTimestampIsRefusedEvenWithAGoodSignature() {
        GitlabVerifier verifier = new GitlabVerifier(null, "whsec_" + Base64.getEncoder().encodeToString(KEY), clock);
        String old = Long.toString(NOW.getEpochSecond() - 600);

        assertThatThrownBy(() -> verifier.verify(signed("msg_1", old, sign("msg_1", old, BODY)), BODY))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("webhook-timestamp is 600 s away from now (tolerance 300 s)");
    }

    @Test
    void nothingConfiguredRefusesWithTheSetting() {
        GitlabVerifier verifier = new GitlabVerifier(null, null, clock);

        assertThatThrownBy(() -> verifier.verify(headers("X-Gitlab-Token", "x"), BODY))
                .hasMessageContaining("BUILDLINE_GITLAB_TOKEN is not set");
    }

    private static String sign(String id, String timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
    }

    private static GitlabVerifier.Headers signed(String id, String timestamp, String signature) {
        return headers("webhook-id", id, "webhook-timestamp", timestamp, "webhook-signature", signature);
    }

    private static GitlabVerifier.Headers headers(String... pairs) {
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map::get;
    }
}
