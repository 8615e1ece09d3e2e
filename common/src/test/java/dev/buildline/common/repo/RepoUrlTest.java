package dev.buildline.common.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepoUrlTest {

    @Test
    void aUrlIsTakenApartIntoSchemeHostPortAndDecodedSegments() {
        RepoUrl url = RepoUrl.parse("HTTPS://GitHub.com/acme/my%20shop.git");

        assertThat(url).isEqualTo(new RepoUrl("https", "github.com", 443, List.of("acme", "my shop.git")));
        assertThat(RepoUrl.parse("http://127.0.0.1:8080/x").port()).isEqualTo(8080);
        assertThat(RepoUrl.parse("file:///srv/git/x").segments()).containsExactly("srv", "git", "x");
        assertThat(RepoUrl.parse("https://github.com/acme/").segments()).containsExactly("acme");
    }

    /** Every look-alike that a string prefix would let through, and what the refusal says. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://localhost@other-host/allowed/x.git     | carries a user name or password",
            "https://user:secret@github.com/acme/x         | carries a user name or password",
            "https://github.com/acme/../other/x.git        | has a '..' segment",
            "https://github.com/acme/%2e%2e/other/x.git    | has a '..' segment (written '%2e%2e')",
            "https://github.com/acme/%2E%2e/other/x.git    | has a '..' segment (written '%2E%2e')",
            "https://github.com/acme/./x.git               | has a '.' segment",
            "https://github.com/acme/.%2E/x.git            | has a '..' segment",
            "file:///srv/allowed/../private                | has a '..' segment",
            "https://github.com/acme/..%2fother/x          | has an encoded '/'",
            "https://github.com/acme/%5c..%5cother         | has an encoded '/' or '\\'",
            "https://github.com/acme\\..\\other/x          | backslash",
            "https://github.com/acme//x.git                | empty segment",
            "https://github.com/acme/x.git?ref=main        | no query or fragment",
            "https://github.com/acme/x.git#main            | no query or fragment",
            "https://github.com/acme/x%zz                  | not followed by two hex digits",
            "https://github.com:99999/acme/x               | is not a number from 1 to 65535",
            "https://github.com:/acme/x                    | is not a number from 1 to 65535",
            "https://exa%6dple.com/acme/x                  | is not a host name",
            "git@github.com:acme/x.git                     | not a URL of the form scheme://host/path",
            "ftp://github.com/acme/x                       | scheme 'ftp' is not one git fetches from",
            "file://otherhost/srv/x                        | a file URL names no host",
            "https://github.com/acme/x%00y                 | encoded control character",
    })
    void lookAlikesAreRefusedSayingWhy(String url, String why) {
        assertThatThrownBy(() -> RepoUrl.parse(url))
                .isInstanceOf(InvalidRepoUrlException.class)
                .hasMessageContaining("is refused")
                .hasMessageContaining(why);
    }

    @Test
    void aPasswordInARefusedUrlStaysOutOfTheMessage() {
        assertThatThrownBy(() -> RepoUrl.parse("https://user:hunter2@github.com/acme/x"))
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("https://user:***@github.com/acme/x");
    }

    /** entry covers url? */
    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
            "https://github.com/acme/,         https://github.com/acme/shop.git,        true",
            "https://github.com/acme,          https://github.com/acme/shop,            true",
            "https://github.com/acme/shop,     https://github.com/acme/shop.git,        true",
            "https://github.com/acme/shop.git, https://github.com/acme/shop,            true",
            "https://github.com/acme/shop,     https://github.com/acme/shop-private,    false",
            "https://github.com/acme,          https://github.com/acme-evil/x,          false",
            "https://github.com/acme/,         https://github.com:8443/acme/x,          false",
            "https://github.com/acme/,         https://github.com:443/acme/x,           true",
            "https://github.com/acme/,         http://github.com/acme/x,                false",
            "https://github.com/acme/,         https://GITHUB.com/acme/x,               true",
            "https://github.com/acme/,         https://github.com/ACME/x,               false",
            "https://github.com/acme/,         https://github.com.evil.example/acme/x,  false",
            "https://github.com/acme/,         https://github.com/%61cme/x,             true",
            "file:///srv/allowed,              file:///srv/allowed/x,                   true",
            "file:///srv/allowed,              file:///srv/allowed-not/x,               false",
    })
    void anEntryCoversUrlsOnItsOriginAndBelowItsPathSegments(String entry, String url, boolean covered) {
        assertThat(RepoUrl.parse(entry).covers(RepoUrl.parse(url))).isEqualTo(covered);
        assertThat(RepoUrl.covers(entry, url)).isEqualTo(covered);
    }

    @Test
    void theAllowListRefusesWhatNoEntryCoversAndNamesTheSetting() {
        AllowedRepos allowed = AllowedRepos.parse(List.of("https://github.com/acme/", "http://127.0.0.1:3000/team"));

        assertThat(allowed.check("https://github.com/acme/shop.git").segments()).containsExactly("acme", "shop.git");
        assertThatThrownBy(() -> allowed.check("https://github.com/acme-evil/x"))
                .hasMessage("repository https://github.com/acme-evil/x is not allowed by BUILDLINE_ALLOWED_REPOS "
                        + "(scheme, host, port and path segments are compared with each entry's)");
        assertThatThrownBy(() -> allowed.check("http://127.0.0.1:3000@evil.example/team/x"))
                .hasMessageContaining("carries a user name or password");
        assertThatThrownBy(() -> AllowedRepos.parse(List.of()).check("https://github.com/acme/x"))
                .hasMessage("repository https://github.com/acme/x is not allowed: BUILDLINE_ALLOWED_REPOS is empty");
    }

    @Test
    void credentialsGoOnlyToTheOriginsTheListNames() {
        AllowedRepos allowed = AllowedRepos.parse(List.of("https://github.com/acme/", "http://127.0.0.1:3000/team"));

        assertThat(allowed.namesOrigin("https", "github.com", -1)).isTrue();
        assertThat(allowed.namesOrigin("https", "GitHub.com", 443)).isTrue();
        assertThat(allowed.namesOrigin("http", "127.0.0.1", 3000)).isTrue();
        assertThat(allowed.namesOrigin("http", "127.0.0.1", 3001)).isFalse();
        assertThat(allowed.namesOrigin("http", "github.com", -1)).isFalse();
        assertThat(allowed.namesOrigin("https", "other-host", -1)).isFalse();
    }

    @Test
    void aBadEntryOfTheSettingIsNamed() {
        assertThatThrownBy(() -> AllowedRepos.parse(List.of("https://github.com/acme/../x")))
                .hasMessageContaining("https://github.com/acme/../x")
                .hasMessageContaining("as an entry of BUILDLINE_ALLOWED_REPOS, its path has a '..' segment");
    }
}
