package dev.buildline.coordinator.http;

import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * {@code Authorization: Bearer <BUILDLINE_API_TOKEN>} on the API, when a token is set. The comparison runs in constant
 * time over SHA-256 digests, so neither the content nor the length of the token leaks through timing.
 */
public final class BearerAuth {

    private static final String PREFIX = "Bearer ";

    private final byte[] expectedDigest;

    /** @param token the API token; null or blank lets every request through */
    public BearerAuth(String token) {
        this.expectedDigest = token == null || token.isBlank() ? null : sha256(token);
    }

    public boolean enabled() {
        return expectedDigest != null;
    }

    public boolean accepts(String authorizationHeader) {
        if (expectedDigest == null) {
            return true;
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        return MessageDigest.isEqual(expectedDigest, sha256(authorizationHeader.substring(PREFIX.length()).strip()));
    }

    public void handle(RoutingContext ctx) {
        if (accepts(ctx.request().getHeader("Authorization"))) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"buildline\"");
        HttpApi.error(ctx.response(), 401, ctx.request().getHeader("Authorization") == null
                ? "this Buildline needs an API token: send Authorization: Bearer <BUILDLINE_API_TOKEN>"
                : "the API token does not match");
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
