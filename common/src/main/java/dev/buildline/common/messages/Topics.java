package dev.buildline.common.messages;

/** Topic names under one configurable prefix (default {@code buildline.}). */
public record Topics(String prefix) {

    public static final String DEFAULT_PREFIX = "buildline.";

    public static Topics defaults() {
        return new Topics(DEFAULT_PREFIX);
    }

    public String buildRequests() {
        return prefix + "build-requests";
    }

    public String buildRequestsDlq() {
        return prefix + "build-requests.dlq";
    }

    public String buildEvents() {
        return prefix + "build-events";
    }

    public String buildLogs() {
        return prefix + "build-logs";
    }

    public String configChanges() {
        return prefix + "config-changes";
    }

    public String buildControl() {
        return prefix + "build-control";
    }

    public String[] all() {
        return new String[] {buildRequests(), buildRequestsDlq(), buildEvents(), buildLogs(), configChanges(), buildControl()};
    }

    public static String requestKey(String repoUrl, String ref, String image) {
        return repoUrl + "#" + ref + "#" + image;
    }
}
