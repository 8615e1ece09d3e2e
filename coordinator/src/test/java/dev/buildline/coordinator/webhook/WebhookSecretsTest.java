package dev.buildline.coordinator.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSecretsTest {

    private static final String SHOP = "https://github.com/acme/shop.git";
    private static final String BILLING = "https://github.com/acme/billing.git";
    private static final byte[] BODY = "{}".getBytes(StandardCharsets.UTF_8);

    private final WebhookSecrets secrets = new WebhookSecrets("global", "global-gitlab", null,
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
}
