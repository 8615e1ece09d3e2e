package dev.buildline.worker.build;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import dev.buildline.common.plan.BuildPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * buildx's own record of a build ({@code --metadata-file}), so the digest of a pushed image comes from buildx, which
 * pushed it with the Docker client's credentials, and not from an anonymous registry read. The worker adds the flag at
 * run time, just before the context argument {@code -}; {@code buildline plan} and the event's {@code command} show
 * the argv as DevSpace runs it. Only a command that is a buildx ({@code <cli> buildx ...}) gets the flag: another
 * {@code buildKit.command} would not know it.
 */
final class BuildxMetadata implements AutoCloseable {

    static final String FLAG = "--metadata-file";
    private static final String DIGEST_KEY = "containerimage.digest";

    private final Path file;

    private BuildxMetadata(Path file) {
        this.file = file;
    }

    /** A metadata file for a pushed build by buildx; none (argv unchanged) otherwise. */
    static BuildxMetadata forPlan(BuildPlan plan) throws IOException {
        List<String> argv = plan.argv();
        boolean buildx = argv.size() > 2 && argv.get(1).equals("buildx") && argv.get(argv.size() - 1).equals("-");
        return new BuildxMetadata(plan.push() && buildx ? Files.createTempFile("buildline-metadata-", ".json") : null);
    }

    /** The argv buildx runs with: the plan's, with {@code --metadata-file <file>} before the final {@code -}. */
    List<String> argv(List<String> planned) {
        if (file == null) {
            return planned;
        }
        List<String> argv = new ArrayList<>(planned.subList(0, planned.size() - 1));
        argv.add(FLAG);
        argv.add(file.toString());
        argv.add(planned.get(planned.size() - 1));
        return argv;
    }

    /** The pushed digest buildx recorded, or why there is none. */
    Optional<String> digest(StringBuilder whyNot) {
        if (file == null) {
            whyNot.append("the build command is not buildx, so it was not asked for its metadata");
            return Optional.empty();
        }
        try {
            JsonNode metadata = Json.mapper().readTree(file.toFile());
            String digest = metadata == null ? "" : metadata.path(DIGEST_KEY).asText("");
            if (digest.startsWith("sha256:")) {
                return Optional.of(digest);
            }
            whyNot.append("buildx's metadata has no ").append(DIGEST_KEY);
        } catch (IOException e) {
            whyNot.append("buildx's metadata file cannot be read: ").append(e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
