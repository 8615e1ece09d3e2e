package dev.buildline.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.buildline.common.repo.AllowedRepos;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The mirror as an attacker would aim it: two git hosts on loopback that record every request they get and ask for
 * credentials (HTTP 401, Basic), one of them the only origin BUILDLINE_ALLOWED_REPOS names. Look-alike URLs are
 * refused before any request; the token goes to the allowed host alone, never to a host a redirect points at.
 */
class GitMirrorUrlTest {

    private static final String TOKEN = "s3cret-token";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString(("builder:" + TOKEN).getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path temp;

    private RecordingHost allowedHost;
    private RecordingHost otherHost;
    private GitMirror mirror;

    @BeforeEach
    void start() throws IOException {
        otherHost = new RecordingHost(null);
        allowedHost = new RecordingHost("http://localhost:" + otherHost.port() + "/other/x.git");
        mirror = new GitMirror(temp.resolve("mirror"), "builder", TOKEN,
                AllowedRepos.parse(List.of("http://127.0.0.1:" + allowedHost.port() + "/allowed/")));
    }

    @AfterEach
    void stop() {
        mirror.close();
        allowedHost.close();
        otherHost.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://localhost@127.0.0.1:OTHER/allowed/x.git  | carries a user name or password",
            "http://127.0.0.1:ALLOWED@127.0.0.1:OTHER/x.git  | carries a user name or password",
            "http://127.0.0.1:ALLOWED/allowed/../other/x.git | has a '..' segment",
            "http://127.0.0.1:ALLOWED/allowed/%2e%2e/other/x.git | has a '..' segment (written '%2e%2e')",
            "http://127.0.0.1:ALLOWED/allowed%5c..%5cother/x.git | encoded '/' or '\\'",
    })
    void aLookAlikeUrlIsRefusedBeforeAnyRequest(String template, String why) {
        String url = template.replace("ALLOWED", Integer.toString(allowedHost.port()))
                .replace("OTHER", Integer.toString(otherHost.port()));

        assertThatThrownBy(() -> mirror.snapshot(url, "a".repeat(40)))
                .isInstanceOf(GitMirror.GitException.class)
                .isNotInstanceOf(GitMirror.GitUnavailableException.class)
                .hasMessageContaining(why);

        assertThat(allowedHost.requests).isEmpty();
        assertThat(otherHost.requests).isEmpty();
    }

    @Test
    void theTokenGoesToTheAllowedHostWhenItAsks() {
        String url = "http://127.0.0.1:" + allowedHost.port() + "/allowed/x.git";

        assertThatThrownBy(() -> mirror.snapshot(url, "a".repeat(40))).isInstanceOf(GitMirror.GitException.class);

        assertThat(allowedHost.requests).anyMatch(request -> BASIC.equals(request.authorization()));
        assertThat(otherHost.requests).isEmpty();
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowedAndGetsNoToken() {
        String url = "http://127.0.0.1:" + allowedHost.port() + "/allowed/redirect.git";

        assertThatThrownBy(() -> mirror.snapshot(url, "a".repeat(40)))
                .isInstanceOf(GitMirror.GitException.class)
                .isNotInstanceOf(GitMirror.GitUnavailableException.class)
                .hasMessageContaining("Cannot redirect because http.followRedirects is false (HTTP status 302)")
                .hasMessageContaining("Buildline follows no redirects");

        assertThat(allowedHost.requests).isNotEmpty();
        assertThat(otherHost.requests).isEmpty();
    }

    @Test
    void aHostTheListDoesNotNameGetsNoTokenEvenWhenAskedDirectly() {
        // the coordinator checks URLs before the mirror; the mirror still keeps the token to the origins listed
        String url = "http://localhost:" + otherHost.port() + "/other/x.git";

        assertThatThrownBy(() -> mirror.snapshot(url, "a".repeat(40))).isInstanceOf(GitMirror.GitException.class);

        assertThat(otherHost.requests).isNotEmpty().noneMatch(request -> request.authorization() != null);
    }

    /** One request as the host saw it. */
    record Request(String method, String path, String authorization) {
    }

    /**
     * A git host that wants Basic credentials for everything; with them it answers 404 (no such repository), except
     * that any path with "redirect" is sent to {@code redirectTo} first.
     */
    private static final class RecordingHost implements AutoCloseable {
        final List<Request> requests = new CopyOnWriteArrayList<>();
        private final HttpServer server;
        private final String redirectTo;

        RecordingHost(String redirectTo) throws IOException {
            this.redirectTo = redirectTo;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        authorization));
                if (redirectTo != null && exchange.getRequestURI().getPath().contains("redirect")) {
                    exchange.getResponseHeaders().add("Location", redirectTo + "/info/refs?service=git-upload-pack");
                    exchange.sendResponseHeaders(302, -1);
                } else if (authorization == null) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                    exchange.sendResponseHeaders(401, -1);
                } else {
                    exchange.sendResponseHeaders(404, -1);
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
