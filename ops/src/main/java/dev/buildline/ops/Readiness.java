package dev.buildline.ops;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The answer of {@code /health/ready}: ready when every check passed; each check says what it saw. */
public record Readiness(boolean ready, Map<String, String> checks) {

    public Readiness {
        checks = Map.copyOf(checks);
    }

    /**
     * Runs the checks together; a check succeeds with what it saw ("1 broker(s)") or fails with why. Never fails
     * itself: a failed check makes the answer "not ready".
     */
    public static Future<Readiness> of(Map<String, Future<String>> checks) {
        List<String> names = new ArrayList<>(checks.keySet());
        List<Future<String>> answers = names.stream()
                .map(name -> checks.get(name).map(seen -> "ok: " + seen).otherwise(cause -> "failed: "
                        + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage())))
                .toList();
        return Future.join(answers).map(done -> {
            Map<String, String> seen = new LinkedHashMap<>();
            boolean ready = true;
            for (int i = 0; i < names.size(); i++) {
                String answer = answers.get(i).result();
                seen.put(names.get(i), answer);
                ready &= answer.startsWith("ok: ");
            }
            return new Readiness(ready, seen);
        });
    }

    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? "ready" : "not ready");
        body.put("checks", new TreeMap<>(checks));
        return body;
    }
}
