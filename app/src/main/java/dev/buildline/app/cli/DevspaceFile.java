package dev.buildline.app.cli;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.DevspaceConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A devspace.yaml on disk, read for {@code plan} and {@code validate}. Its repository is the nearest directory
 * above it that holds {@code .git} (else its own directory), so context and Dockerfile are confined the same way as
 * when the coordinator reads the file from git.
 */
record DevspaceFile(Path file, Path repositoryRoot, String configDir) {

    static final String DEFAULT_PATH = "devspace.yaml";

    static DevspaceFile locate(String path) {
        Path file = Path.of(path).toAbsolutePath().normalize();
        Path dir = file.getParent();
        Path root = dir;
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.exists(candidate.resolve(".git"))) {
                root = candidate;
                break;
            }
        }
        return new DevspaceFile(file, root, root.relativize(dir).toString().replace('\\', '/'));
    }

    /**
     * @throws UnreadableException when the file is missing, too large or unreadable
     * @throws dev.buildline.common.config.InvalidConfigException with every problem in it
     */
    DevspaceConfig parse() {
        try {
            if (!Files.isRegularFile(file)) {
                throw new UnreadableException(file + ": no such file");
            }
            if (Files.size(file) > ConfigParser.MAX_BYTES) {
                throw new UnreadableException(file + ": " + Files.size(file) + " bytes, more than the limit of "
                        + ConfigParser.MAX_BYTES);
            }
            return new ConfigParser().parse(Files.readString(file), configDir);
        } catch (IOException e) {
            throw new UnreadableException(file + ": cannot read it: " + e.getMessage());
        }
    }

    /** The file itself cannot be used; exit code 1 like any other problem with it. */
    static final class UnreadableException extends RuntimeException {
        UnreadableException(String message) {
            super(message);
        }
    }
}
