package dev.buildline.coordinator.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookSecretsTest {

    private static final String SHOP = "https://github.com/acme/shop.git";
    private static final String BILLING = "https://github.com/acme/billing.git";
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private final WebhookSecrets secrets = new WebhookSecrets("global", "global-gitlab", "global-signing",
            url -> Map.of(SHOP, "shop-own").get(url), Clock.systemUTC());

    @Test
    void aRepositoryWithItsOwnSecretTakesThatOneAlone() {
        assertThatCode(() -> secrets.hmac(SHOP).verifyGithub(sign("shop-own"), BODY)).doesNotThrowAnyException();
        assertThatThrownBy(() -> secrets.hmac(SHOP).verifyGithub(sign("global"), BODY))
                .hasMessage("X-Hub-Signature-256 does not match the body");
        assertThatCode(() -> secrets.gitlab(SHOP).verify(Map.of("X-Gitlab-Token", "shop-own")::get, BODY))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> secrets.gitlab(SHOP).verify(Map.of("X-Gitlab-Token", "global-gitlab")::get, BODY))
                .hasMessage("X-Gitlab-Token does not match");
    }

    @Test
    void otherRepositoriesAndDeliveriesNamingNoneTakeTheGlobalSecret() {
        assertThatCode(() -> secrets.hmac(BILLING).verifyGithub(sign("global"), BODY)).doesNotThrowAnyException();
        assertThatThrownBy(() -> secrets.hmac(BILLING).verifyGithub(sign("shop-own"), BODY))
                .hasMessage("X-Hub-Signature-256 does not match the body");
        assertThatCode(() -> secrets.hmac(null).verifyGithub(sign("global"), BODY)).doesNotThrowAnyException();
        assertThatCode(() -> secrets.gitlab(BILLING).verify(Map.of("X-Gitlab-Token", "global-gitlab")::get, BODY))
                .doesNotThrowAnyException();
    }

    private static String sign(String secret) {
        return "sha256=" + HexFormat.of().formatHex(new SignatureVerifier(secret).hmac(BODY));
    }

    @Test
    void aRepositorysOwnSecretIsAlsoItsGitlabSigningKey() {
        String timestamp = String.valueOf(Instant.now().getEpochSecond());

        assertThatCode(() -> secrets.gitlab(SHOP).verify(signed("msg", timestamp, "shop-own")::get, BODY))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> secrets.gitlab(SHOP).verify(signed("msg", timestamp, "global-signing")::get, BODY))
                .hasMessage("webhook-signature does not match the body");
        assertThatCode(() -> secrets.gitlab(BILLING).verify(signed("msg", timestamp, "global-signing")::get, BODY))
                .doesNotThrowAnyException();
    }

    /** GitLab's signed form: {@code v1,<base64 HMAC-SHA256 of id.timestamp.body>}. */
    private static Map<String, String> signed(String id, String timestamp, String key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String signature = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(BODY));
        return Map.of("webhook-id", id, "webhook-timestamp", timestamp, "webhook-signature", signature);
    }
}
