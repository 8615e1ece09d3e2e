package dev.buildline.common.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InvalidConfigException;
import dev.buildline.common.testing.GoldenFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Given {@code plan/<case>/devspace.yaml} and the facts in {@code site.properties} (kubeContext, namespace,
 * minikubeProvider, skipPush, tags, images, configDir) and {@code minikube-env.txt} (what minikube docker-env
 * prints), when every image is planned, then the lines equal {@code expected.jsonl}, byte for byte, the way
 * {@code buildline plan} prints them. Random tags come from a fixed seed. {@code validate.txt} holds what
 * {@code buildline validate} says about the file: the summary, the version line and the warnings, or, for a file that
 * is refused, {@code invalid} and one line per problem (such a case has no expected.jsonl).
 */
class PlanGoldenTest {

    static Stream<Path> cases() {
        return GoldenFiles.cases("plan").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void planMatchesGoldenFile(Path dir) throws IOException {
        Properties site = GoldenFiles.properties(dir, "site.properties");
        String configDir = site.getProperty("configDir", "");
        DevspaceConfig config;
        try {
            config = new ConfigParser().parse(Files.readString(dir.resolve("devspace.yaml")), configDir);
        } catch (InvalidConfigException e) {
            GoldenFiles.assertMatches(dir.resolve("validate.txt"), "invalid\n" + e.problems().stream()
                    .map(problem -> problem + "\n").collect(Collectors.joining()));
            assertThat(dir.resolve("expected.jsonl")).as("a refused file plans nothing").doesNotExist();
            return;
        }
        String validate = config.summary() + "\n" + config.versionNote() + "\n"
                + config.warnings().stream().map(warning -> "warning: " + warning + "\n").collect(Collectors.joining());
        String context = site.getProperty("kubeContext");
        BuildSite buildSite = new BuildSite(context, site.getProperty("namespace"),
                Boolean.parseBoolean(site.getProperty("minikubeProvider")),
                Boolean.parseBoolean(site.getProperty("skipPush")), Map.of());
        List<String> profilesAsked = new ArrayList<>();
        ImagePlans.MinikubeEnv minikube = profile -> {
            profilesAsked.add(profile);
            return LocalClusters.parseMinikubeDockerEnv(read(dir.resolve("minikube-env.txt")));
        };
        List<String> tagOverride = list(site.getProperty("tags"));
        List<String> only = list(site.getProperty("images"));
        Random random = new Random(7);

        StringBuilder out = new StringBuilder();
        for (ImageConfig image : config.images().values()) {
            if (only.isEmpty() || only.contains(image.name())) {
                List<String> tags = ImagePlans.tags(image, tagOverride, random);
                out.append(PlanJson.line(ImagePlans.plan(image, configDir, buildSite, tags, minikube))).append('\n');
            }
        }

        AssertionError validateMismatch = null;
        try {
            GoldenFiles.assertMatches(dir.resolve("validate.txt"), validate);
        } catch (AssertionError e) {
            validateMismatch = e; // the plan's actual output is written too before failing
        }
        GoldenFiles.assertMatches(dir.resolve("expected.jsonl"), out.toString());
        if (validateMismatch != null) {
            throw validateMismatch;
        }
        if (Files.exists(dir.resolve("minikube-env.txt"))) {
            assertThat(profilesAsked).as("minikube docker-env --profile").isNotEmpty()
                    .allMatch(profile -> profile.equals(Optional.ofNullable(context).orElse("minikube")));
        }
    }

    private static List<String> list(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::strip).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("minikube docker-env was run, but this case has no " + file, e);
        }
    }
}
