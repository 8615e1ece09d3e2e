package dev.buildline.coordinator.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NamedRepositoryTest {

    private static final String A = "a".repeat(40);
    private static final String B = "b".repeat(40);

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', nullValues = "NIL", value = {
            "github | {'repository':{'clone_url':'https://github.com/acme/app.git'}} | https://github.com/acme/app.git",
            "gitea  | {'repository':{'clone_url':'https://gitea.example/acme/app.git'}} | https://gitea.example/acme/app.git",
            "github | {'commits':[{'x':{'repository':{'clone_url':'deep'}}}],'repository':{'clone_url':'top'}} | top",
            "github | {'repository':{'clone_url':'a','clone_url':'b'}} | b",
            "github | {'repository':{'clone_url':'a'},'repository':{'name':'x'}} | NIL",
            "github | {'repository':{'clone_url':7}} | NIL",
            "github | {'repository':{'clone_url':''}} | NIL",
            "github | {'repository':'https://github.com/acme/app.git'} | NIL",
            "github | {'project':{'git_http_url':'https://gl.example/g/app.git'}} | NIL",
            "github | {'zen':'ping'} | NIL",
            "github | not json | NIL",
            "github | [] | NIL",
            "github | {'repository':{'clone_url':'a'} | NIL",
            "gitlab | {'project':{'git_http_url':'https://gl.example/g/app.git'}} | https://gl.example/g/app.git",
            "gitlab | {'repository':{'git_http_url':'https://gl.example/g/old.git'}} | https://gl.example/g/old.git",
            "gitlab | {'project':{'git_http_url':''},'repository':{'git_http_url':'https://gl.example/r.git'}} | https://gl.example/r.git",
            "gitlab | {'repository':{'git_http_url':'r'},'project':{'git_http_url':'p'}} | p",
            "gitlab | {'object_kind':'push'} | NIL",
    })
    void theRepositoryADeliveryNamesIsReadWithoutATree(String provider, String body, String named) {
        assertThat(NamedRepository.of(provider, bytes(body.replace('\'', '"')))).isEqualTo(named);
    }

    @Test
    void itIsTheRepositoryThePushParserReads() {
        String github = """
                {"ref":"refs/heads/main","before":"%s","after":"%s",
                 "repository":{"clone_url":"https://github.com/acme/one.git","clone_url":"https://github.com/acme/two.git"}}
                """.formatted(A, B);
        String gitlab = """
                {"ref":"refs/heads/main","before":"%s","after":"%s","project":{"git_http_url":""},
                 "repository":{"git_http_url":"https://gl.example/g/r.git"}}""".formatted(A, B);

        assertThat(NamedRepository.of("github", bytes(github)))
                .isEqualTo(PushPayloads.github("d", bytes(github)).repo().url()).isEqualTo("https://github.com/acme/two.git");
        assertThat(NamedRepository.of("gitlab", bytes(gitlab)))
                .isEqualTo(PushPayloads.gitlab("d", bytes(gitlab)).repo().url()).isEqualTo("https://gl.example/g/r.git");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
