package dev.buildline.common.config.load;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.InvalidConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Issue 10's measure, re-runnable: every devspace.yaml-like file (with {@code version} and {@code images}) under a
 * directory, e.g. a checkout of devspace-sh/devspace's {@code examples/} and {@code e2e/}, loaded as the coordinator
 * loads it (no settings, the directory as the repository, fixed git facts), counted as accepted or refused with
 * the first problem. Not a test: a main class, run with the test classpath and the directory as argument.
 */
public final class DevspaceFilesSurvey {

    private DevspaceFilesSurvey() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        }
        RepoFiles repo = path -> {
            Path file = root.resolve(path).normalize();
            try {
                return file.startsWith(root) && Files.isRegularFile(file) ? Optional.of(Files.readString(file))
                        : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        FixedGit git = new FixedGit(FixedGit.COMMIT, "main", 0, "v6.4.0");
        int candidates = 0;
        int parserAlone = 0;
        int loaded = 0;
        Map<String, Integer> reasons = new TreeMap<>();
        for (Path file : files) {
            String text = Files.readString(file);
            if (!text.matches("(?s)(.*\\n)?version:.*") || !text.matches("(?s).*\\nimages:.*")) {
                continue;
            }
            candidates++;
            String path = root.relativize(file).toString().replace('\\', '/');
            String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/')) : "";
            try {
                new ConfigParser().parse(text, dir);
                parserAlone++;
            } catch (InvalidConfigException e) {
                // counted below
            }
            try {
                new ConfigLoader(new ConfigParser()).load(new LoadRequest(path, text, file.getParent().getFileName()
                        .toString(), Map.of(), List.of(), Map.of(), "", "", path, 0, repo, git, LoadRequest.Sources.CLI));
                loaded++;
            } catch (InvalidConfigException e) {
                System.out.println("refused " + path + ": " + e.problems().get(0));
                reasons.merge(e.problems().get(0).message().replaceAll("'[^']*'|\\(line \\d+\\)|\\(used at [^)]*\\)",
                        "…"), 1, Integer::sum);
            }
        }
        System.out.printf("%d files with version and images; ConfigParser alone accepts %d; loaded and valid %d%n",
                candidates, parserAlone, loaded);
        reasons.forEach((reason, count) -> System.out.println(count + "  " + reason));
    }
}
