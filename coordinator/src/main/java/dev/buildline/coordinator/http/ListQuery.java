package dev.buildline.coordinator.http;

import dev.buildline.common.messages.BuildStatus;
import dev.buildline.coordinator.state.BuildFilter;
import java.util.function.Function;

/** The query of {@code GET /api/builds}: {@code status}, {@code image}, {@code repo}, {@code limit}, {@code offset}. */
public record ListQuery(BuildFilter filter, int offset, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** @throws IllegalArgumentException with a message for the user when a parameter is not usable */
    public static ListQuery parse(Function<String, String> param) {
        String status = param.apply("status");
        BuildFilter filter = new BuildFilter(status == null || status.isBlank() ? null : BuildStatus.fromWire(status),
                param.apply("image"), param.apply("repo"));
        int limit = number(param, "limit", DEFAULT_LIMIT);
        int offset = number(param, "offset", 0);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        return new ListQuery(filter, offset, Math.min(limit, MAX_LIMIT));
    }

    private static int number(Function<String, String> param, String name, int fallback) {
        String value = param.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, got " + value);
        }
    }
}
