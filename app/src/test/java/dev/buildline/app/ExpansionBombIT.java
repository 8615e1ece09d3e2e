package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.messages.Topics;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A devspace.yaml under 1.5 KB whose variables refer to the one before ten times each (ten levels: 10^10
 * characters) pushed through the real webhook endpoint of a coordinator on the embedded broker: it used to fill the
 * heap (500 Java heap space). Now it is a 422 naming the variable, nothing is queued, and the same coordinator
 * takes the next push.
 */
class ExpansionBombIT {

    private static final String ZEROS = "0".repeat(40);

    @TempDir
    static Path temp;
    private static TestRepo repo;
    private static TestStack stack;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        repo = TestRepo.create(temp.resolve("bomb"));
        stack = TestStack.start(temp.resolve("stack"), List.of(repo.url()), false);
        port = stack.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        if (repo != null) {
            repo.close();
        }
    }

    static String bomb() {
        StringBuilder yaml = new StringBuilder("version: v2beta1\nvars:\n  L0: laughter!!\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("  L").append(i).append(": \"").append(("${L" + (i - 1) + "}").repeat(10)).append("\"\n");
        }
        return yaml.append("images:\n  api:\n    image: 127.0.0.1:5000/buildline-it/bomb\n")
                .append("    buildArgs:\n      JOKE: ${L9}\n").toString();
    }

    @Test
    void anExpansionBombIsRefusedNamingTheVariableAndTheNextPushIsTaken() throws Exception {
        assertThat(bomb().length()).isLessThan(1_536);
        String bombCommit = repo.commit("bomb", Map.of("devspace.yaml", bomb(), "Dockerfile", "FROM scratch\n"));
        long queued = stack.recordCount(Topics.defaults().buildRequests());

        HttpResponse<String> refused = push(bombCommit);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("vars.L6: variable ${L5} takes the configuration's string values over");
        assertThat(stack.recordCount(Topics.defaults().buildRequests())).isEqualTo(queued);

        String fixed = repo.commit("fixed", Map.of("devspace.yaml",
                "version: v2beta1\nimages:\n  api:\n    image: 127.0.0.1:5000/buildline-it/bomb\n"));
        HttpResponse<String> next = push(fixed);

        assertThat(next.statusCode()).as(next.body()).isEqualTo(202);
        assertThat(stack.recordCount(Topics.defaults().buildRequests())).isEqualTo(queued + 1);
    }

    private static HttpResponse<String> push(String commit) throws Exception {
        String body = Webhooks.pushPayload(repo.url(), "it/bomb", "refs/heads/main", ZEROS, commit);
        return Webhooks.postGithub(port, "push", Webhooks.sign(TestStack.SECRET, body), body);
    }
}
