package dev.buildline.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A git host on 127.0.0.1 speaking smart HTTP with git's own {@code git http-backend} (run per request as a CGI
 * program, argv only), serving the repositories under one directory. It can go into an outage, answering every
 * request with an HTTP status as a host behind a failing load balancer does, and it can answer slowly.
 */
final class GitHttpHost implements AutoCloseable {

    private final HttpServer server;
    private final Path root;
    private volatile int outageStatus;
    private volatile Duration delay = Duration.ZERO;
    private final AtomicInteger refused = new AtomicInteger();
    private final List<String> requested = new CopyOnWriteArrayList<>();

    private GitHttpHost(Path root) throws IOException {
        this.root = root;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves every repository under {@code root}: {@code <url("name")>} is the repository in {@code root/name}. */
    static GitHttpHost serve(Path root) throws IOException {
        return new GitHttpHost(root);
    }

    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** From now on every request is answered with {@code status} (e.g. 503). */
    void outage(int status) {
        outageStatus = status;
    }

    void restore() {
        outageStatus = 0;
    }

    /** The first request of every fetch (GET info/refs) waits this long before it is answered. */
    void slowDown(Duration wait) {
        delay = wait;
    }

    /** Requests answered with the outage status so far. */
    int refused() {
        return refused.get();
    }

    /** The raw path of every request so far, in order: what reached this host. */
    List<String> requested() {
        return List.copyOf(requested);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requested.add(exchange.getRequestURI().getRawPath());
        try (exchange) {
            if (!delay.isZero() && "GET".equals(exchange.getRequestMethod())) {
                Thread.sleep(delay.toMillis());
            }
            int status = outageStatus;
            if (status != 0) {
                refused.incrementAndGet();
                byte[] body = ("git host unavailable (" + status + ")\n").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            backend(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One CGI request to git http-backend: the request's facts in its environment, the body on its stdin. */
    private void backend(HttpExchange exchange) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = builder.environment();
        env.put("GIT_PROJECT_ROOT", root.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("REQUEST_METHOD", exchange.getRequestMethod());
        env.put("PATH_INFO", exchange.getRequestURI().getPath());
        env.put("QUERY_STRING", exchange.getRequestURI().getRawQuery() == null ? ""
                : exchange.getRequestURI().getRawQuery());
        env.put("REMOTE_ADDR", "127.0.0.1");
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null) {
            env.put("CONTENT_TYPE", contentType);
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if (encoding != null) {
            env.put("HTTP_CONTENT_ENCODING", encoding);
        }
        String protocol = exchange.getRequestHeaders().getFirst("Git-Protocol");
        if (protocol != null) {
            env.put("GIT_PROTOCOL", protocol);
        }
        byte[] request = exchange.getRequestBody().readAllBytes();
        env.put("CONTENT_LENGTH", Integer.toString(request.length));
        Process process = builder.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(request);
        }
        byte[] output = process.getInputStream().readAllBytes();
        process.waitFor();
        int split = headerEnd(output);
        int status = 200;
        for (String line : new String(output, 0, split, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        int bodyStart = Math.min(output.length, split + (output.length > split + 1 && output[split] == '\r' ? 4 : 2));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(output, bodyStart, output.length - bodyStart);
        exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
        if (body.size() > 0) {
            body.writeTo(exchange.getResponseBody());
        }
    }

    /** Where the CGI headers end: the first blank line (CRLF CRLF or LF LF). */
    private static int headerEnd(byte[] output) {
        for (int i = 0; i + 1 < output.length; i++) {
            if (output[i] == '\n' && output[i + 1] == '\n') {
                return i;
            }
            if (i + 3 < output.length && output[i] == '\r' && output[i + 1] == '\n' && output[i + 2] == '\r'
                    && output[i + 3] == '\n') {
                return i;
            }
        }
        return output.length;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
