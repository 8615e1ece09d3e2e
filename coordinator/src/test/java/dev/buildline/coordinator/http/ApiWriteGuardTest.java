package dev.buildline.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiWriteGuardTest {

    private static final String JSON = "application/json";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "application/json, 0",
            "application/json; charset=utf-8, 0",
            "Application/JSON, 0",
            "' application/json ', 0",
            "text/plain, 415",
            "text/plain; charset=utf-8, 415",
            "application/x-www-form-urlencoded, 415",
            "multipart/form-data; boundary=x, 415",
            "application/json-patch+json, 415",
            "application/jsonp, 415",
            "'', 415",
            "null, 415",
    })
    void onlyJsonIsWritten(String contentType, int status) {
        ApiWriteGuard guard = new ApiWriteGuard(null, false);

        ApiWriteGuard.Refusal refusal = guard.check(contentType, null, "127.0.0.1:8080");

        assertThat(refusal == null ? 0 : refusal.status()).isEqualTo(status);
    }

    @ParameterizedTest(name = "open={0} Origin {1} Host {2} -> {3}")
    @CsvSource(nullValues = "NIL", value = {
            // no Origin: not a browser's cross-site request (curl, git hosts, programs)
            "false, NIL,                               buildline.example.com, 0",
            // the dashboard's own origin, from Host; TLS ended by a proxy; default ports written or not
            "false, http://127.0.0.1:8080,              127.0.0.1:8080,        0",
            "false, https://buildline.internal,         buildline.internal,    0",
            "false, http://buildline.internal:80,       buildline.internal,    0",
            "false, HTTP://LOCALHOST:8080,              localhost:8080,        0",
            // BUILDLINE_PUBLIC_URL's origin, whatever Host the proxy sends
            "false, https://buildline.example.com,      buildline:8080,        0",
            "false, https://buildline.example.com:443,  buildline:8080,        0",
            // any other site
            "false, https://evil.example,               127.0.0.1:8080,        403",
            "false, http://127.0.0.1:8081,              127.0.0.1:8080,        403",
            "false, http://buildline.example.com,       buildline:8080,        403",
            "false, NIL,                               NIL,                  0",
            "false, null,                             127.0.0.1:8080,        403",
            "false, file://,                            127.0.0.1:8080,        403",
            "false, http://evil.example@127.0.0.1:8080, 127.0.0.1:8080,        403",
            "false, http://127.0.0.1:8080,              evil.example@127.0.0.1:8080, 403",
            "false, http://127.0.0.1:8080,              NIL,                  403",
            // an open API trusts its own origin on loopback only: a name rebound to 127.0.0.1 sends its own Host
            "true,  http://127.0.0.1:8080,              127.0.0.1:8080,        0",
            "true,  http://localhost:8080,              localhost:8080,        0",
            "true,  http://[::1]:8080,                  [::1]:8080,            0",
            "true,  http://rebound.example:8080,        rebound.example:8080,  403",
            "true,  https://buildline.example.com,      rebound.example:8080,  0",
    })
    void aBrowsersWriteComesFromThePublicUrlOrTheDashboardItself(boolean open, String origin, String host,
                                                                  int status) {
        ApiWriteGuard guard = new ApiWriteGuard("https://buildline.example.com/", open);

        ApiWriteGuard.Refusal refusal = guard.check(JSON, origin, host);

        assertThat(refusal == null ? 0 : refusal.status()).isEqualTo(status);
    }

    @ParameterizedTest
    @CsvSource({"false, BUILDLINE_PUBLIC_URL (not set) or from the dashboard itself",
            "true, BUILDLINE_PUBLIC_URL (not set) or from the dashboard itself on a loopback address"})
    void aRefusalSaysWhichOriginsMayWrite(boolean open, String named) {
        ApiWriteGuard guard = new ApiWriteGuard(null, open);

        assertThat(guard.check(JSON, "https://evil.example", "127.0.0.1:8080").message())
                .isEqualTo("Origin https://evil.example may not write to this API: a write from a web page must come "
                        + "from " + named);
        assertThat(guard.check("text/plain", null, "127.0.0.1:8080").message())
                .isEqualTo("writes under /api take Content-Type: application/json, got text/plain");
        assertThat(guard.check(null, null, "127.0.0.1:8080").message())
                .isEqualTo("writes under /api take Content-Type: application/json, got none");
    }

    @ParameterizedTest
    @CsvSource({"buildline.example.com", "ftp://buildline.example.com", "https://user@buildline.example.com"})
    void aPublicUrlThatIsNoHttpUrlStopsTheStart(String publicUrl) {
        assertThatThrownBy(() -> new ApiWriteGuard(publicUrl, false))
                .hasMessage("BUILDLINE_PUBLIC_URL '" + publicUrl + "' is not an http or https URL");
    }
}
