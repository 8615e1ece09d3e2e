package dev.buildline.app;

import dev.buildline.coordinator.http.LoopbackNames;

/**
 * Whether the HTTP API may serve, decided once at start: a server refuses to serve an open API (no
 * BUILDLINE_API_TOKEN) unless the operator opens it on purpose ({@code --insecure-open-api}); only {@code dev} bound to
 * a loopback address is open without saying so, since nothing but this machine reaches it.
 *
 * @param message why it refuses, or what the warning at start says; null when there is nothing to say
 */
record ApiDoor(Kind kind, String message) {

    enum Kind {
        /** A token guards the API. */
        CLOSED,
        /** {@code dev} on loopback without a token. */
        OPEN_ON_LOOPBACK,
        /** No token, opened with {@code --insecure-open-api}: warned at start. */
        OPEN_ON_PURPOSE,
        /** No token and not opened: the command does not start. */
        REFUSED
    }

    static final String OPEN_IT = "set BUILDLINE_API_TOKEN (the Bearer token of /api), or give --insecure-open-api "
            + "(BUILDLINE_INSECURE_OPEN_API=true) to serve an open API on purpose";

    /**
     * @param dev          the command is {@code dev}
     * @param httpHost     the address the API listens on ({@code --http-host})
     * @param tokenSet     BUILDLINE_API_TOKEN is set
     * @param insecureOpen {@code --insecure-open-api} (BUILDLINE_INSECURE_OPEN_API)
     */
    static ApiDoor decide(boolean dev, String httpHost, boolean tokenSet, boolean insecureOpen) {
        if (tokenSet) {
            return new ApiDoor(Kind.CLOSED, null);
        }
        boolean loopback = LoopbackNames.isLoopback(httpHost);
        if (dev && loopback) {
            return new ApiDoor(Kind.OPEN_ON_LOOPBACK, null);
        }
        if (insecureOpen) {
            return new ApiDoor(Kind.OPEN_ON_PURPOSE, "the API is open (--insecure-open-api, no BUILDLINE_API_TOKEN): "
                    + "anyone who reaches " + httpHost + " can start and cancel builds and read their logs");
        }
        if (dev) {
            return new ApiDoor(Kind.REFUSED, "BUILDLINE_API_TOKEN is not set and --http-host " + httpHost
                    + " is not a loopback address: only dev on loopback serves an open API; bind 127.0.0.1, or "
                    + OPEN_IT);
        }
        return new ApiDoor(Kind.REFUSED, "BUILDLINE_API_TOKEN is not set: a coordinator does not serve an open API; "
                + OPEN_IT);
    }
}
