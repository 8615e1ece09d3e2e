package dev.buildline.coordinator.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A local HTTP server on 127.0.0.1 that answers as a git host's status API does (the real hosts cannot be reached
 * from here) and records every request: method, raw URI, headers, body and when it arrived. Replies come from a
 * script, then the default (201 with the host's documented body); {@link #hold()} keeps replies back until
 * {@link #release()}.
 */
final class RecordingHost implements AutoCloseable {

    record Received(String method, String uri, Map<String, String> headers, String body, Instant at) {
        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    record Reply(int status, Map<String, String> headers, String body) {
        static Reply of(int status, String fixture) {
            return new Reply(status, Map.of(), fixture(fixture));
        }

        Reply with(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Reply(status, more, body);
        }
    }

    private final HttpServer server;
    private final Reply fallback;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private Promise<Void> gate;

    private RecordingHost(HttpServer server, Reply fallback) {
        this.server = server;
        this.fallback = fallback;
    }

    static RecordingHost start(Vertx vertx, Reply fallback) {
        RecordingHost[] host = new RecordingHost[1];
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(request -> host[0].handle(request));
        host[0] = new RecordingHost(server, fallback);
        server.listen().await();
        return host[0];
    }

    /** The fixture under {@code src/test/resources/status}, without its {@code // source:} line. */
    static String fixture(String name) {
        try (InputStream in = RecordingHost.class.getResourceAsStream("/status/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture status/" + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!text.startsWith("// source: ")) {
                throw new IllegalStateException("status/" + name + " does not name its source on its first line");
            }
            return text.lines().filter(line -> !line.startsWith("//")).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.actualPort() + path;
    }

    synchronized void then(Reply... replies) {
        script.addAll(List.of(replies));
    }

    synchronized void hold() {
        gate = Promise.promise();
    }

    void release() {
        Promise<Void> open;
        synchronized (this) {
            open = gate;
            gate = null;
        }
        if (open != null) {
            open.complete();
        }
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> receivedFor(String context) {
        return received.stream().filter(r -> context.equals(r.json().path("context").asText(null))
                || context.equals(r.json().path("name").asText(null))).toList();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            Map<String, String> headers = new LinkedHashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
            received.add(new Received(request.method().name(), request.uri(), headers, body.toString(), Instant.now()));
            Reply reply;
            Future<Void> wait;
            synchronized (this) {
                reply = script.isEmpty() ? fallback : script.poll();
                wait = gate == null ? Future.succeededFuture() : gate.future();
            }
            wait.onComplete(v -> {
                reply.headers.forEach(request.response()::putHeader);
                request.response().setStatusCode(reply.status).putHeader("Content-Type", "application/json")
                        .end(reply.body);
            });
        });
    }

    @Override
    public void close() {
        server.close().await();
    }
}
