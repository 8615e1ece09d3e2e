package dev.buildline.coordinator.webhook;

import dev.buildline.common.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * GitLab's two ways of proving a webhook: the shared {@code X-Gitlab-Token}, and the signed form
 * ({@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>})
 * with a timestamp tolerance against replays. Both compared in constant time.
 */
public final class GitlabVerifier {

    public static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final String token;
    private final byte[] signingKey;
    private final Clock clock;

    /**
     * @param token      BUILDLINE_GITLAB_TOKEN, or null
     * @param signingKey BUILDLINE_GITLAB_SIGNING_KEY ({@code whsec_<base64>} or raw text), or null
     */
    public GitlabVerifier(String token, String signingKey, Clock clock) {
        this.token = token == null || token.isEmpty() ? null : token;
        this.signingKey = signingKey == null || signingKey.isEmpty() ? null : key(signingKey);
        this.clock = clock;
    }

    public void verify(Headers headers, byte[] body) {
        String signature = headers.get("webhook-signature");
        if (signingKey != null && signature != null) {
            verifySigned(headers.get("webhook-id"), headers.get("webhook-timestamp"), signature, body);
            return;
        }
        if (token == null) {
            throw new RequestRejectedException(401, signingKey == null
                    ? "BUILDLINE_GITLAB_TOKEN is not set, so no GitLab webhook can be checked"
                    : "missing webhook-signature header");
        }
        String given = headers.get("X-Gitlab-Token");
        if (given == null || given.isEmpty()) {
            throw new RequestRejectedException(401, "missing X-Gitlab-Token header");
        }
        if (!SignatureVerifier.tokensEqual(token, given)) {
            throw new RequestRejectedException(401, "X-Gitlab-Token does not match");
        }
    }

    private void verifySigned(String id, String timestamp, String signature, byte[] body) {
        if (id == null || timestamp == null) {
            throw new RequestRejectedException(401, "webhook-signature needs webhook-id and webhook-timestamp headers");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new RequestRejectedException(401, "webhook-timestamp is not a number of seconds");
        }
        Duration age = Duration.between(Instant.ofEpochSecond(seconds), clock.instant()).abs();
        if (age.compareTo(TOLERANCE) > 0) {
            throw new RequestRejectedException(401, "webhook-timestamp is " + age.toSeconds()
                    + " s away from now (tolerance " + TOLERANCE.toSeconds() + " s)");
        }
        byte[] expected = hmac((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
        for (String candidate : signature.trim().split(" ")) {
            if (!candidate.startsWith("v1,")) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(3));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return;
            }
        }
        throw new RequestRejectedException(401, signature.contains("v1,")
                ? "webhook-signature does not match the body" : "webhook-signature has no v1 signature");
    }

    private byte[] hmac(byte[] prefix, byte[] body) {
        return Hmac.sha256(signingKey, prefix, body);
    }

    private static byte[] key(String configured) {
        if (configured.startsWith("whsec_")) {
            return Base64.getDecoder().decode(configured.substring("whsec_".length()));
        }
        return configured.getBytes(StandardCharsets.UTF_8);
    }

    /** Header lookup, case-insensitive as HTTP headers are. */
    @FunctionalInterface
    public interface Headers {
        String get(String name);
    }
}
