package dev.buildline.coordinator.webhook;

import dev.buildline.common.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * HMAC-SHA256 checks of webhook bodies, compared in constant time. A signature may be asked to match one of several
 * renderings of the same delivery: a form-encoded one is signed over the raw form by GitHub and over the JSON in its
 * {@code payload} field by Gitea and Forgejo (services/webhook: the HMAC is taken over the payload content).
 */
public final class SignatureVerifier {

    private final byte[] secret;

    public SignatureVerifier(String secret) {
        this.secret = secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** GitHub: {@code X-Hub-Signature-256: sha256=<hex>}. */
    public void verifyGithub(String header, byte[]... signed) {
        if (header == null || header.isEmpty()) {
            throw new RequestRejectedException(401, "missing X-Hub-Signature-256 header");
        }
        if (!header.startsWith("sha256=")) {
            throw new RequestRejectedException(401, "X-Hub-Signature-256 must start with sha256=");
        }
        verifyHex(header.substring("sha256=".length()), "X-Hub-Signature-256", signed);
    }

    /** Gitea and Forgejo: the bare hex HMAC. */
    public void verifyBareHex(String header, String headerName, byte[]... signed) {
        if (header == null || header.isEmpty()) {
            throw new RequestRejectedException(401, "missing " + headerName + " header");
        }
        verifyHex(header, headerName, signed);
    }

    private void verifyHex(String hex, String headerName, byte[]... signed) {
        if (secret == null || secret.length == 0) {
            throw new RequestRejectedException(401, "BUILDLINE_WEBHOOK_SECRET is not set, so no signature can be checked");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex.trim());
        } catch (IllegalArgumentException e) {
            throw new RequestRejectedException(401, headerName + " is not a hex HMAC");
        }
        boolean matches = false;
        for (byte[] body : signed) {
            matches |= MessageDigest.isEqual(hmac(body), given);
        }
        if (!matches) {
            throw new RequestRejectedException(401, headerName + " does not match the body");
        }
    }

    public byte[] hmac(byte[] body) {
        return Hmac.sha256(secret, body);
    }

    /** Constant-time comparison of two tokens (GitLab's X-Gitlab-Token, the API bearer token). */
    public static boolean tokensEqual(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
