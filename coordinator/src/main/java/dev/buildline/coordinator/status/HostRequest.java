package dev.buildline.coordinator.status;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One status call as the host documents it: {@code POST url} with {@code headers} (one of which holds the token) and
 * a JSON {@code body}. {@link #toString()} leaves the headers out, so a request in a log line never shows the token.
 */
public record HostRequest(StatusHost host, String url, Map<String, String> headers, Map<String, Object> body) {

    public HostRequest {
        headers = Map.copyOf(headers);
        body = Collections.unmodifiableMap(new LinkedHashMap<>(body));
    }

    @Override
    public String toString() {
        return "POST " + url + " " + body;
    }
}
