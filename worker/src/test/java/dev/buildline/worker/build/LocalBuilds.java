package dev.buildline.worker.build;

import dev.buildline.common.config.BuildKitConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildIds;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.git.GitMirror;
import dev.buildline.worker.publish.Publisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real builds for the worker's own ITs, registered as a JUnit extension: a git repository on disk with small images,
 * requests for them, and the real {@link BuildRunner} that builds them with buildx on the build host (dockerd, the
 * registry on 127.0.0.1:5000). It skips the class only when scripts/build-host.sh recorded that this machine cannot
 * run a build host.
 */
public final class LocalBuilds implements BeforeAllCallback, AfterAllCallback {

    public static final String REGISTRY = "127.0.0.1:5000";
    /** Nothing listens here: buildx's push fails with "connection refused", a failure worth a retry. */
    public static final String CLOSED_REGISTRY = "127.0.0.1:1";
    private static final Path UNAVAILABLE = Path.of(System.getenv().getOrDefault("BUILDLINE_HOST_STATE",
            "/var/lib/buildline-host"), "unavailable");

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private Path temp;
    private String url;
    private String commit;
    private GitMirror mirror;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (Files.exists(UNAVAILABLE)) {
            Assumptions.abort("build host unavailable: " + Files.readString(UNAVAILABLE).strip());
        }
        temp = Files.createTempDirectory("buildline-worker-it-");
        Path dir = temp.resolve("repo");
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/Dockerfile"), "FROM scratch\nCOPY a.txt /a.txt\n");
        Files.writeString(dir.resolve("app/a.txt"), "worker it " + UUID.randomUUID() + "\n");
        // a step that prints a line, then is quiet for a while, as a RUN that downloads or compiles is
        Files.createDirectories(dir.resolve("quiet"));
        Files.writeString(dir.resolve("quiet/Dockerfile"), "FROM " + REGISTRY + "/busybox:local\n"
                + "RUN echo before-the-quiet-step " + UUID.randomUUID() + " && sleep 3\n");
        Files.createDirectories(dir.resolve("secret"));
        Files.writeString(dir.resolve("secret/Dockerfile"), "FROM " + REGISTRY + "/busybox:local\n"
                + "RUN --mount=type=secret,id=npm sed 's/^/the secret: /' /run/secrets/npm; echo " + UUID.randomUUID()
                + "\n");
        Files.createDirectories(dir.resolve("slow"));
        Files.writeString(dir.resolve("slow/Dockerfile"), "FROM " + REGISTRY + "/busybox:local\n"
                + "RUN echo before-the-long-step " + UUID.randomUUID() + " && sleep 60\n");
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent author = new PersonIdent("Buildline Test", "test@buildline.dev");
            commit = git.commit().setMessage("the images").setAuthor(author).setCommitter(author).call().name();
        }
        url = dir.toUri().toString().replaceFirst("^file:/(?!/)", "file:///");
        mirror = new GitMirror(temp.resolve("mirror"), null, null);
    }

    /** A request to build the image and push it as {@code <registry>/buildline-worker-it/<name>-<run>:v1}. */
    public BuildRequest request(String registry, String name) {
        return request(registry, name, "app");
    }

    /**
     * @param folder the image's context, with its Dockerfile: {@code app} (a file copied), {@code quiet} (a step
     *               quiet for 3 s) or {@code slow} (a step that sleeps 60 s)
     */
    public BuildRequest request(String registry, String name, String folder) {
        return request(image(registry, name, folder, null, null));
    }

    /** @param args the image's {@code buildKit.args} ({@code secret}: a step that prints the secret {@code npm}) */
    public BuildRequest request(String registry, String name, String folder, List<String> args) {
        return request(image(registry, name, folder, null, args));
    }

    /**
     * An image of this repository's {@code folder}, pushed as {@code request} names it, with a build target and
     * {@code buildKit.args} (each may be null).
     */
    public ImageConfig image(String registry, String name, String folder, String target, List<String> buildxArgs) {
        return new ImageConfig(name, registry + "/buildline-worker-it/" + name + "-" + run, null,
                "./" + folder + "/Dockerfile", "./" + folder, null, target, "none", false, null,
                new BuildKitConfig(null, buildxArgs, null, null));
    }

    /** The same request, of the repository at {@code repoUrl} (a git host that fails, for one). */
    public BuildRequest requestOf(String repoUrl, String registry, String name, String folder) {
        return request(image(registry, name, folder, null, null), repoUrl);
    }

    /** A request to build {@code image} at this repository's commit, tagged v1. */
    public BuildRequest request(ImageConfig image) {
        return request(image, url);
    }

    private BuildRequest request(ImageConfig image, String repoUrl) {
        String buildId = BuildIds.buildId(repoUrl, commit, image.name(), BuildIds.configHash(image));
        return new BuildRequest(BuildRequest.SCHEMA_VERSION, buildId, "test-" + buildId,
                new RepoRef(repoUrl, "it/repo"), "refs/heads/main", commit, image.name(), image, "devspace.yaml",
                List.of("v1"), null, Instant.now());
    }

    /** The worker's runner as the worker wires it for the local daemon. */
    public BuildRunner runner(Publisher publisher) {
        return runner(publisher, BuildGrants.NONE);
    }

    /** @param grants what the requests' repository is granted */
    public BuildRunner runner(Publisher publisher, BuildGrants grants) {
        return new BuildRunner(mirror, new ContextArchiver(), new ProcessRunner(), new RegistryDigests(), publisher,
                Clock.systemUTC(), BuildSite.localDaemon(), profile -> Map.of(), BuilderPreparation.none(),
                Duration.ofMinutes(5), 1000, grants);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (mirror != null) {
            mirror.close();
        }
        if (temp != null) {
            try (Stream<Path> paths = Files.walk(temp)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
