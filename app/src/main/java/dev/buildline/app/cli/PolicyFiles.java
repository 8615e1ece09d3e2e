package dev.buildline.app.cli;

import dev.buildline.common.policy.BuilderProfile;
import dev.buildline.common.policy.BuilderProfiles;
import dev.buildline.common.policy.GrantsReader;
import dev.buildline.common.policy.InvalidPolicySettingsException;
import dev.buildline.coordinator.intake.BuildPolicySettings;
import dev.buildline.coordinator.intake.RepositorySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The operator's files and variables the build policy reads, for the coordinator at start and for
 * {@code plan --settings}: the same reading, so {@code plan} shows what a server decides. Anything that cannot be
 * used is a {@link UsageException} naming the variable or file.
 */
public final class PolicyFiles {

    public static final String REPOSITORIES_FILE = "BUILDLINE_REPOSITORIES_FILE";
    public static final String ALLOWED_IMAGES = "BUILDLINE_ALLOWED_IMAGES";
    public static final String BUILDERS_FILE = "BUILDLINE_BUILDERS_FILE";

    private PolicyFiles() {
    }

    /**
     * BUILDLINE_ALLOWED_IMAGES (comma-separated image prefixes) and BUILDLINE_BUILDERS_FILE (named in-cluster
     * builder profiles).
     *
     * @param dev whether every image is allowed when no image prefix is configured ({@code dev} only)
     */
    public static BuildPolicySettings buildPolicy(Map<String, String> env, boolean dev) {
        String allowed = env.getOrDefault(ALLOWED_IMAGES, "");
        List<String> images;
        try {
            images = GrantsReader.imagePrefixes(Arrays.stream(allowed.split(",")).map(String::strip)
                    .filter(item -> !item.isEmpty()).toList(), ALLOWED_IMAGES);
        } catch (InvalidPolicySettingsException e) {
            throw new UsageException(e.getMessage());
        }
        Map<String, BuilderProfile> builders = Map.of();
        String file = env.get(BUILDERS_FILE);
        if (file != null && !file.isBlank()) {
            try {
                builders = BuilderProfiles.parse(Files.readString(Path.of(file.strip())), file.strip());
            } catch (IOException e) {
                throw new UsageException(BUILDERS_FILE + ": cannot read " + file + ": " + e.getMessage());
            } catch (InvalidPolicySettingsException e) {
                throw new UsageException(BUILDERS_FILE + ": " + e.getMessage());
            }
        }
        return new BuildPolicySettings(images, builders, dev);
    }

    /**
     * A repositories file; every builder an entry is granted must be a profile of BUILDLINE_BUILDERS_FILE.
     *
     * @param option how the file was named, for messages ({@code BUILDLINE_REPOSITORIES_FILE}, {@code --settings})
     */
    public static RepositorySettings repositories(String file, String option, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(Path.of(file.strip()));
        } catch (IOException e) {
            throw new UsageException(option + ": cannot read " + file + ": " + e.getMessage());
        }
        RepositorySettings settings;
        try {
            settings = RepositorySettings.parse(text, file.strip(),
                    env.getOrDefault("BUILDLINE_CONFIG_PATH", "devspace.yaml"), env, env.get("BUILDLINE_NAMESPACE"),
                    env.get("BUILDLINE_KUBE_CONTEXT"));
        } catch (RepositorySettings.InvalidSettingsException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
        Map<String, BuilderProfile> builders = buildPolicy(env, false).builders();
        for (RepositorySettings.Entry entry : settings.entries()) {
            for (String builder : entry.grants().allow().builders()) {
                if (!builders.containsKey(builder)) {
                    throw new UsageException(option + ": " + entry.url() + ": allow.builders names '" + builder
                            + "', which " + BUILDERS_FILE + " does not define");
                }
            }
        }
        return settings;
    }
}
