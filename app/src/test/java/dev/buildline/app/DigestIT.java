package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.messages.BuildEvent;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.BuildStatus;
import dev.buildline.common.messages.Topics;
import dev.buildline.worker.WorkerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a pushed image's digest comes from: buildx's own {@code --metadata-file}, added by the worker, so a registry
 * that needs credentials (which buildx has and an anonymous read does not) still yields the digest; and when there
 * is none, the event says why. The subject is the argv and what the worker does with buildx's output, so buildx is a
 * stand-in script (as {@code docker buildx} prints and writes it); the registry, 127.0.0.1:1, refuses every read, as a
 * private registry refuses an anonymous one. Real pushes with their digest are proven in WebhookToRegistryIT.
 */
class DigestIT {

    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    @TempDir
    static Path temp;
    private static WorkerStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = WorkerStack.start(temp, bootstrap -> WorkerSettings.defaults(bootstrap, Topics.defaults(),
                "digest-workers", "digest-worker", 2, temp.resolve("worker")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theDigestComesFromBuildxItselfWhenTheRegistryRefusesAnAnonymousRead() throws Exception {
        Path args = temp.resolve("args.txt");
        BuildRequest request = request("private", buildx(args, true), "127.0.0.1:1/team/private");

        stack.requests().send(request);

        BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(2));
        assertThat(done.status()).as(done.error()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(done.digest()).isEqualTo(DIGEST);
        assertThat(done.error()).isNull();
        List<String> ran = Files.readAllLines(args);
        assertThat(ran.subList(ran.size() - 3, ran.size() - 1)).first().isEqualTo("--metadata-file");
        assertThat(ran.get(ran.size() - 1)).isEqualTo("-");
        assertThat(done.command()).as("the argv as DevSpace runs it").doesNotContain("--metadata-file")
                .endsWith("--push", "--file", "Dockerfile", "-");
    }

    @Test
    void aMissingDigestIsExplainedInTheEvent() throws Exception {
        BuildRequest request = request("nometa", buildx(temp.resolve("args-nometa.txt"), false),
                "127.0.0.1:1/team/nometa");

        stack.requests().send(request);

        BuildEvent done = stack.events().awaitTerminal(request.buildId(), Duration.ofMinutes(2));
        assertThat(done.status()).isEqualTo(BuildStatus.SUCCEEDED);
        assertThat(done.digest()).isNull();
        assertThat(done.error()).startsWith("pushed, but no digest: buildx's metadata has no containerimage.digest; "
                + "reading 127.0.0.1:1/team/nometa:v1 from its registry failed: ");
    }

    private static BuildRequest request(String name, Path docker, String image) throws Exception {
        String commit = stack.repo().commit(name, Map.of(name + "/Dockerfile", "FROM scratch\n"));
        return Requests.request(stack.repo().url(), commit, Requests.image(name, image, "./" + name + "/Dockerfile",
                "./" + name, false, List.of(docker.toString(), "buildx")), "v1");
    }

    /** A stand-in docker CLI: records its argv one per line, reads the context, writes metadata as buildx does. */
    private static Path buildx(Path args, boolean writesMetadata) throws Exception {
        Path script = temp.resolve("docker-" + args.getFileName());
        Files.writeString(script, """
                #!/bin/sh
                : > %1$s
                meta=""
                previous=""
                for arg in "$@"; do
                  printf '%%s\\n' "$arg" >> %1$s
                  if [ "$previous" = "--metadata-file" ]; then meta="$arg"; fi
                  previous="$arg"
                done
                cat > /dev/null
                echo "#1 pushing layers done"
                if [ %2$s = yes ] && [ -n "$meta" ]; then
                  printf '{"buildx.build.ref": "default/default/x", "containerimage.digest": "%3$s"}' > "$meta"
                fi
                """.formatted(args, writesMetadata ? "yes" : "no", DIGEST));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
