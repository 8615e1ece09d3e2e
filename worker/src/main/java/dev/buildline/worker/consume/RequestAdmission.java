package dev.buildline.worker.consume;

import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.RequestKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Decides whether a claimed build-requests record may become a build, before anything of it is read or run: its
 * signature first (a coordinator's {@link RequestKey} over the record's exact value bytes), then the body, then each
 * {@link Check} (the build policy re-applied on the worker plugs in there). Pure: it reads the record, does no I/O.
 */
public final class RequestAdmission {

    /**
     * A rule a signed, readable request must pass; the reason it is refused, or empty. The reason is published (the
     * dead letter's header and the {@code failed} event's error): it names the problem, never a secret value.
     */
    @FunctionalInterface
    public interface Check {
        Optional<String> refusal(BuildRequest request);
    }

    /** What to do with a record. */
    public sealed interface Verdict {
    }

    /** Build it. */
    public record Admitted(BuildRequest request) implements Verdict {
    }

    /**
     * Build nothing: to the dead-letter topic with {@code reason}. {@code request} is the body as far as it could be
     * read (null when it could not); {@code signed} says a coordinator vouches for it, so its build id is its own.
     */
    public record Refused(BuildRequest request, boolean signed, String reason) implements Verdict {
    }

    private final RequestKey key;
    private final List<Check> checks;

    /** @param checks run in order on signed, readable requests; the first refusal wins */
    public RequestAdmission(RequestKey key, List<Check> checks) {
        this.key = key;
        this.checks = List.copyOf(checks);
    }

    public Verdict admit(ConsumerRecord<String, byte[]> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        Body body = Body.read(record.value());
        Optional<String> unsigned = key.refusal(record.value() == null ? new byte[0] : record.value(),
                signature(record));
        if (unsigned.isPresent()) {
            return new Refused(body.request(), false, "refused build request at " + where + ": " + unsigned.get());
        }
        if (body.request() == null) {
            return new Refused(null, true, "unreadable build request at " + where + ": " + body.problem());
        }
        for (Check check : checks) {
            Optional<String> refusal = check.refusal(body.request());
            if (refusal.isPresent()) {
                return new Refused(body.request(), true, "refused build request at " + where + ": "
                        + refusal.get());
            }
        }
        return new Admitted(body.request());
    }

    private static String signature(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(RequestKey.HEADER);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The record's body: a request with what a build needs, or null and the problem. */
    private record Body(BuildRequest request, String problem) {

        static Body read(byte[] value) {
            BuildRequest request;
            try {
                request = Json.read(value, BuildRequest.class);
            } catch (RuntimeException e) {
                return new Body(null, e.getMessage());
            }
            if (request == null || request.buildId() == null || request.config() == null || request.repo() == null) {
                return new Body(null, "buildId, repo and config are required");
            }
            return new Body(request, null);
        }
    }
}
