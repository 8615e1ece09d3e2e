package dev.buildline.common.config.load;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.ConfigProblem;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InvalidConfigException;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.common.plan.ImagePlans;
import dev.buildline.common.plan.PlanJson;
import dev.buildline.common.testing.GoldenFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Given {@code load/<case>/}: the repository's files (the case directory itself; the config at {@code configPath},
 * default devspace.yaml) and {@code request.properties} (what the repository's settings give: {@code vars.NAME},
 * {@code env.NAME}, {@code profiles}, and the git facts {@code commit}, {@code branch}, {@code commitTime},
 * {@code describe}), when the file is loaded, then {@code expected.txt} holds, byte for byte, the tree DevSpace would
 * parse ({@code # loaded}), the warnings {@code validate} prints, and each image's buildx argv ({@code # plan},
 * local daemon, tags as written), or the problems ({@code # invalid}, what {@code validate} prints). Every case says where its input comes from in a comment.
 */
class LoadGoldenTest {

    static Stream<Path> cases() {
        return GoldenFiles.cases("load").stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void loadMatchesGoldenFile(Path dir) throws IOException {
        Properties p = GoldenFiles.properties(dir, "request.properties");
        GoldenFiles.assertMatches(dir.resolve("expected.txt"), run(dir, p));
    }

    static String run(Path dir, Properties p) throws IOException {
        LoadRequest request = request(dir, p);
        StringBuilder out = new StringBuilder();
        ConfigLoader.Loaded loaded;
        try {
            loaded = new ConfigLoader(new ConfigParser()).loadTree(request);
        } catch (InvalidConfigException e) {
            return invalid(out, e);
        }
        out.append("# loaded\n").append(dump(loaded.root()));
        DevspaceConfig config;
        try {
            config = new ConfigLoader(new ConfigParser()).load(request);
        } catch (InvalidConfigException e) {
            return invalid(out, e);
        }
        config.warnings().forEach(w -> out.append("# warning: ").append(w).append('\n')); // what validate prints
        out.append("# plan\n");
        for (ImageConfig image : config.images().values()) {
            List<String> tags = image.tags() == null ? List.of("latest") : image.tags();
            out.append(PlanJson.line(ImagePlans.plan(image, request.configDir(), BuildSite.localDaemon(), tags,
                    profile -> Map.of()))).append('\n');
        }
        return out.toString();
    }

    static LoadRequest request(Path dir, Properties p) throws IOException {
        String configPath = p.getProperty("configPath", "devspace.yaml");
        Map<String, String> vars = new LinkedHashMap<>();
        Map<String, String> env = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("vars.")) {
                vars.put(key.substring(5), p.getProperty(key));
            } else if (key.startsWith("env.")) {
                env.put(key.substring(4), p.getProperty(key));
            }
        }
        List<String> profiles = p.getProperty("profiles", "").isBlank() ? List.of()
                : Arrays.stream(p.getProperty("profiles").split(",")).map(String::strip).toList();
        FixedGit git = FixedGit.of(p);
        RepoFiles files = path -> {
            Path file = dir.resolve(path).normalize();
            try {
                return file.startsWith(dir) && Files.isRegularFile(file) ? Optional.of(Files.readString(file))
                        : Optional.empty();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        return new LoadRequest(configPath, Files.readString(dir.resolve(configPath)),
                p.getProperty("directoryName", "shop"), vars, profiles, env, p.getProperty("namespace", "builds"),
                p.getProperty("kubeContext", "kind-ci"), "https://git.example.com/acme/shop.git@" + git.id(),
                git.time(), files, git, new LoadRequest.Sources("the repository's vars in BUILDLINE_REPOSITORIES_FILE",
                "the repository's env in BUILDLINE_REPOSITORIES_FILE"));
    }

    private static String invalid(StringBuilder out, InvalidConfigException e) {
        out.append("# invalid\n");
        for (ConfigProblem problem : e.problems()) {
            out.append(problem).append('\n');
        }
        return out.toString();
    }

    static String dump(org.yaml.snakeyaml.nodes.Node node) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(200);
        StringWriter writer = new StringWriter();
        new Yaml(options).serialize(node, writer);
        return writer.toString();
    }

    static List<String> lines(String text) {
        return new ArrayList<>(text.lines().toList());
    }
}
