package dev.buildline.coordinator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * What a delivery asks for, from its event header and, for GitLab's System Hook and Service Hook (which carry pushes
 * and tag pushes under one header), the kind named in its body ({@code object_kind}, or {@code event_name} for system
 * hooks). Everything that is not a push builds nothing and is answered 2xx with the reason, so the host does not
 * retry it.
 */
public final class WebhookEvents {

    /** What intake does with a delivery. */
    public enum Kind { PING, PUSH, NOTHING }

    /** The decision and, for {@link Kind#NOTHING}, why. */
    public record Decision(Kind kind, String reason) {
        static Decision push() {
            return new Decision(Kind.PUSH, null);
        }
    }

    private static final Set<String> GITLAB_PUSH_HEADERS = Set.of("Push Hook", "Tag Push Hook");
    private static final Set<String> GITLAB_CARRIER_HEADERS = Set.of("System Hook", "Service Hook");
    private static final Set<String> GITLAB_PUSH_KINDS = Set.of("push", "tag_push");
    /** Sent beside the push for a new or deleted branch or tag; the push itself says what to build. */
    private static final Set<String> BESIDE_THE_PUSH = Set.of("create", "delete");

    private WebhookEvents() {
    }

    /** GitHub ({@code X-GitHub-Event}) and Gitea/Forgejo ({@code X-Gitea-Event}): push, ping (GitHub only), others. */
    public static Decision byHeader(String header, String event, boolean hasPing) {
        if (event == null || event.isEmpty()) {
            return new Decision(Kind.NOTHING, "no " + header + " header: nothing to build");
        }
        if (hasPing && "ping".equals(event)) {
            return new Decision(Kind.PING, null);
        }
        if ("push".equals(event)) {
            return Decision.push();
        }
        return nothing(event);
    }

    /** GitLab: the header, or for a System Hook / Service Hook the kind its body names. */
    public static Decision gitlab(String event, byte[] body) {
        if (event == null || event.isEmpty()) {
            return new Decision(Kind.NOTHING, "no X-Gitlab-Event header: nothing to build");
        }
        if (GITLAB_PUSH_HEADERS.contains(event)) {
            return Decision.push();
        }
        if (!GITLAB_CARRIER_HEADERS.contains(event)) {
            return nothing(event);
        }
        JsonNode root = PushPayloads.parse(body);
        String kind = root.path("object_kind").asText(root.path("event_name").asText(""));
        if (GITLAB_PUSH_KINDS.contains(kind)) {
            return Decision.push();
        }
        return new Decision(Kind.NOTHING, "event " + event + " (" + (kind.isEmpty() ? "no object_kind or event_name"
                : kind) + ") builds nothing");
    }

    private static Decision nothing(String event) {
        return new Decision(Kind.NOTHING, BESIDE_THE_PUSH.contains(event)
                ? "event " + event + " builds nothing: the push event sent beside it does"
                : "event " + event + " builds nothing");
    }
}
