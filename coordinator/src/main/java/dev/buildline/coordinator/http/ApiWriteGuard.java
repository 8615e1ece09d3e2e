package dev.buildline.coordinator.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What a write under {@code /api} must look like besides its token. A web page on any other site can make a browser
 * send a "simple" cross-origin POST (form-encoded or {@code text/plain}, no preflight) to an address the browser can
 * reach, such as a developer's {@code dev} on 127.0.0.1. So a write must be {@code application/json} (a browser asks
 * the server first before sending that across origins, and Buildline answers no CORS), and a write that carries
 * {@code Origin} (browsers send it on every POST) must come from BUILDLINE_PUBLIC_URL or from the dashboard itself,
 * the origin its own {@code Host} names. On an open API (no token) the dashboard's own origin counts only when
 * {@code Host} is a loopback name: a page whose name was rebound to 127.0.0.1 (DNS rebinding) sends its own name as
 * {@code Host}.
 */
public final class ApiWriteGuard {

    /** Why a write is refused, and the status it is answered with. */
    public record Refusal(int status, String message) {
    }

    private final String publicOrigin;
    private final boolean openApi;

    /**
     * @param publicUrl BUILDLINE_PUBLIC_URL, or null
     * @param openApi   true when no API token is set
     * @throws IllegalArgumentException when {@code publicUrl} is not an http or https URL
     */
    public ApiWriteGuard(String publicUrl, boolean openApi) {
        if (publicUrl == null || publicUrl.isBlank()) {
            this.publicOrigin = null;
        } else {
            this.publicOrigin = origin(publicUrl.strip());
            if (publicOrigin == null) {
                throw new IllegalArgumentException("BUILDLINE_PUBLIC_URL '" + publicUrl
                        + "' is not an http or https URL");
            }
        }
        this.openApi = openApi;
    }

    /** Null when the write may go on. */
    public Refusal check(String contentType, String origin, String host) {
        if (origin != null && !allowed(origin, host)) {
            return new Refusal(403, "Origin " + origin + " may not write to this API: a write from a web page must "
                    + "come from " + (publicOrigin == null ? "BUILDLINE_PUBLIC_URL (not set)" : publicOrigin)
                    + " or from the dashboard itself" + (openApi ? " on a loopback address" : ""));
        }
        if (!isJson(contentType)) {
            return new Refusal(415, "writes under /api take Content-Type: application/json, got "
                    + (contentType == null || contentType.isBlank() ? "none" : contentType));
        }
        return null;
    }

    public void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
            ctx.next();
            return;
        }
        // HTTP/2 sends no Host header but the :authority pseudo-header; Vert.x gives either as the authority
        HostAndPort authority = ctx.request().authority();
        String host = authority == null ? null
                : authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
        Refusal refusal = check(ctx.request().getHeader("Content-Type"), ctx.request().getHeader("Origin"), host);
        if (refusal == null) {
            ctx.next();
        } else {
            HttpApi.error(ctx.response(), refusal.status(), refusal.message());
        }
    }

    private boolean allowed(String origin, String host) {
        String given = origin(origin.strip());
        if (given == null) {
            return false;
        }
        if (given.equals(publicOrigin)) {
            return true;
        }
        if (host == null || host.isBlank()) {
            return false;
        }
        String own = origin("http://" + host.strip());
        if (own == null || openApi && !LoopbackNames.isLoopback(URI.create(own).getHost())) {
            return false;
        }
        // behind a proxy that ends TLS the page is https while Host names the same authority
        return given.equals(own) || given.equals(origin("https://" + host.strip()));
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip();
        return mediaType.equalsIgnoreCase("application/json");
    }

    /** {@code scheme://host:port}, lower case with the port written out, or null when it is not an http(s) origin. */
    static String origin(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            return null;
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }
}
