package dev.buildline.common.messages;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudEvents 1.0 Kafka binary-mode headers for a build event, so CloudEvents consumers read build-events without
 * Buildline code: the record value is the data, {@code content-type} says it is JSON.
 */
public final class CloudEventHeaders {

    private CloudEventHeaders() {
    }

    public static Map<String, String> of(BuildEvent event, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", event.eventId());
        headers.put("ce_source", source);
        headers.put("ce_type", event.status().cloudEventType());
        headers.put("ce_subject", event.buildId());
        headers.put("ce_time", event.time().toString());
        headers.put("content-type", "application/json");
        return headers;
    }
}
