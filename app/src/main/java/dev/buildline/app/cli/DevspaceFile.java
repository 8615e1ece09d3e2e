package dev.buildline.app.cli;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.load.ConfigLoader;
import dev.buildline.common.config.load.GitFacts;
import dev.buildline.common.config.load.LoadRequest;
import dev.buildline.common.config.load.RepoFiles;
import dev.buildline.coordinator.intake.JGitFacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A devspace.yaml on disk, read for {@code plan} and {@code validate}. Its repository is the nearest directory
 * above it that holds {@code .git} (else its own directory), so context, Dockerfile and imports are confined the
 * same way as when the coordinator reads the file from git; git expressions and DEVSPACE_GIT_* are answered from
 * that repository's HEAD. No environment variable is read: values come from {@code --var}, as a server's come from
 * the repository's settings.
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

    /** What the command line gives the loader: {@code --var NAME=VALUE}, {@code --profile P}, the cluster facts. */
    record Inputs(List<String> vars, List<String> profiles, String namespace, String kubeContext) {
        static final Inputs NONE = new Inputs(List.of(), List.of(), null, null);

        /** The {@code --var} values by name; each is {@code NAME=VALUE} ({@link ConfigFileOptions.VarFormat}). */
        Map<String, String> varMap() {
            Map<String, String> map = new LinkedHashMap<>();
            for (String var : vars) {
                int eq = var.indexOf('=');
                map.put(var.substring(0, eq).strip(), var.substring(eq + 1));
            }
            return map;
        }
    }

    /**
     * @throws UnreadableException when the file is missing, too large or unreadable
     * @throws dev.buildline.common.config.InvalidConfigException with the problems in it
     */
    DevspaceConfig parse(Inputs inputs) {
        Map<String, String> vars = inputs.varMap();
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new UnreadableException(file + ": no such file");
            }
            if (Files.size(file) > ConfigParser.MAX_BYTES) {
                throw new UnreadableException(file + ": " + Files.size(file) + " bytes, more than the limit of "
                        + ConfigParser.MAX_BYTES);
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UnreadableException(file + ": cannot read it: " + e.getMessage());
        }
        try (Repository repository = repository()) {
            RevCommit head = head(repository);
            GitFacts git = head == null ? GitFacts.NONE : new JGitFacts(repository, head, repository.getFullBranch());
            String configPath = configDir.isEmpty() ? file.getFileName().toString()
                    : configDir + "/" + file.getFileName();
            long timestamp = head == null ? Instant.now().getEpochSecond() : head.getCommitTime();
            LoadRequest request = new LoadRequest(configPath, text, file.getParent().getFileName().toString(), vars,
                    inputs.profiles(), Map.of(), inputs.namespace(), inputs.kubeContext(),
                    file + "@" + (head == null ? "" : head.name()), timestamp, files(), git, LoadRequest.Sources.CLI);
            return new ConfigLoader(new ConfigParser()).load(request);
        } catch (IOException e) {
            throw new UnreadableException(repositoryRoot + ": cannot read its git repository: " + e.getMessage());
        }
    }

    /** The repository the file sits in, or null when there is none git can open (then git facts are unknown). */
    private Repository repository() {
        if (!Files.exists(repositoryRoot.resolve(".git"))) {
            return null;
        }
        try {
            Repository repository = new FileRepositoryBuilder().setWorkTree(repositoryRoot.toFile())
                    .setMustExist(true).build();
            if (repository.getObjectDatabase().exists()) {
                return repository;
            }
            repository.close();
            return null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static RevCommit head(Repository repository) throws IOException {
        if (repository == null) {
            return null;
        }
        ObjectId id = repository.resolve("HEAD^{commit}");
        if (id == null) {
            return null;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return walk.parseCommit(id);
        }
    }

    /** Regular files inside the repository directory; a symbolic link is no file (as in git). */
    private RepoFiles files() {
        return path -> {
            Path target = repositoryRoot.resolve(path).normalize();
            try {
                if (!target.startsWith(repositoryRoot) || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)
                        || !target.toRealPath().startsWith(repositoryRoot.toRealPath())) {
                    return Optional.empty();
                }
                return Optional.of(Files.readString(target));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + target, e);
            }
        };
    }

    /** The file itself cannot be used; exit code 1 like any other problem with it. */
    static final class UnreadableException extends RuntimeException {
        UnreadableException(String message) {
            super(message);
        }
    }
}
