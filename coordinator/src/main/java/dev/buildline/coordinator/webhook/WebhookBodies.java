package dev.buildline.coordinator.webhook;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The JSON a delivery carries. GitHub, Gitea and Forgejo can be set to send {@code application/x-www-form-urlencoded}
 * with the JSON in the {@code payload} field; every other body is the JSON itself.
 */
public final class WebhookBodies {

    private WebhookBodies() {
    }

    public static boolean isForm(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /** The payload: the body, or its {@code payload} form field. A form without one is a 400 saying so. */
    public static byte[] json(String contentType, byte[] body) {
        if (!isForm(contentType)) {
            return body;
        }
        // a form body is ASCII: the JSON is percent-encoded in it
        for (String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if ("payload".equals(name)) {
                try {
                    return URLDecoder.decode(equals < 0 ? "" : pair.substring(equals + 1), StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new RequestRejectedException(400, "form field payload is not URL-encoded: " + e.getMessage());
                }
            }
        }
        throw new RequestRejectedException(400, "form-encoded body has no payload field");
    }
}
