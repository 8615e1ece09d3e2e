package dev.buildline.common.policy;

import dev.buildline.common.config.BuildKitConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InClusterConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The build policy (DESIGN.md, "Trust model"), one pure function: what an image of a repository's devspace.yaml may
 * ask for, given what the operator granted the repository. A plain build is always allowed: the default command,
 * the flags of {@link BuildxFlags#DEFAULT_ALLOWED}, network default or none, names under the repository's image
 * prefixes. Everything else needs a grant, and is refused with the YAML path and the setting that would grant it.
 * Intake applies it to every image of a file before anything is built; a worker can apply it again to a request.
 */
public final class BuildPolicy {

    static final String IMAGES_GRANT = "images in the repository's BUILDLINE_REPOSITORIES_FILE entry "
            + "(or BUILDLINE_ALLOWED_IMAGES)";
    private static final Set<String> OPEN_NETWORKS = Set.of("", "default", "none");
    private static final Set<String> REGISTRY_CACHE_KEYS = Set.of("type", "ref", "mode", "image-manifest",
            "oci-mediatypes", "compression", "compression-level", "force-compression", "ignore-error");

    private BuildPolicy() {
    }

    /**
     * @param key      the image's key under {@code images:} (for the paths in refusals)
     * @param image    the image as loaded from devspace.yaml
     * @param grants   the repository's grants, image prefixes already resolved (entry's, else the global ones)
     * @param builders BUILDLINE_BUILDERS_FILE's profiles by name
     */
    public static PolicyDecision check(String key, ImageConfig image, RepositoryGrants grants,
                                       Map<String, BuilderProfile> builders) {
        String at = "images." + key;
        List<Refusal> refusals = new ArrayList<>();
        List<ImagePrefix> prefixes = grants.imagePrefixes();
        imageName(at + ".image", image.image(), prefixes, refusals);
        BuildKitConfig buildKit = image.buildKit();
        if (!buildKit.command().equals(BuildKitConfig.DEFAULT_COMMAND)
                && !grants.allow().commands().contains(buildKit.command())) {
            refusals.add(new Refusal(at + ".buildKit.command", "a command other than docker buildx ("
                    + buildKit.command().size() + " items)", "allow.commands"));
        }
        network(at + ".network", image.network(), grants, refusals);
        args(at + ".buildKit.args", buildKit.args(), grants, prefixes, refusals);
        ImageConfig effective = image;
        if (buildKit.inCluster() != null) {
            Optional<BuilderProfile> profile = builder(at + ".buildKit.inCluster", buildKit.inCluster(), grants,
                    builders, refusals);
            if (profile.isPresent()) {
                effective = withProfile(image, profile.get());
            }
        }
        return refusals.isEmpty() ? new PolicyDecision.Allowed(effective) : new PolicyDecision.Refused(refusals);
    }

    /**
     * The whole file: every image allowed (with its effective config, by key), or every refusal of every image. A
     * file with one refused image is refused whole, as DevSpace refuses an invalid file.
     */
    public static FileDecision checkAll(Collection<ImageConfig> images, RepositoryGrants grants,
                                        Map<String, BuilderProfile> builders) {
        Map<String, ImageConfig> allowed = new LinkedHashMap<>();
        List<Refusal> refusals = new ArrayList<>();
        for (ImageConfig image : images) {
            PolicyDecision decision = check(image.name(), image, grants, builders);
            if (decision instanceof PolicyDecision.Allowed ok) {
                allowed.put(image.name(), ok.config());
            } else if (decision instanceof PolicyDecision.Refused refused) {
                refusals.addAll(refused.refusals());
            }
        }
        return new FileDecision(refusals.isEmpty() ? allowed : Map.of(), refusals);
    }

    /** {@link #checkAll}'s answer: the configs to build by image key, or (then empty) the refusals. */
    public record FileDecision(Map<String, ImageConfig> allowed, List<Refusal> refusals) {
        public FileDecision {
            allowed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(allowed));
            refusals = List.copyOf(refusals);
        }

        public boolean refused() {
            return !refusals.isEmpty();
        }
    }

    private static void imageName(String path, String reference, List<ImagePrefix> prefixes, List<Refusal> refusals) {
        if (prefixes.isEmpty()) {
            refusals.add(new Refusal(path, "an image name with no image prefix configured for this repository",
                    IMAGES_GRANT));
            return;
        }
        Optional<ImageName> name = ImageName.parse(reference);
        if (name.isEmpty()) {
            refusals.add(new Refusal(path, "a value that is no image reference", null));
        } else if (prefixes.stream().noneMatch(prefix -> prefix.covers(name.get()))) {
            refusals.add(new Refusal(path, "image name " + name.get() + " (not under " + prefixes + ")",
                    IMAGES_GRANT));
        }
    }

    private static void network(String path, String network, RepositoryGrants grants, List<Refusal> refusals) {
        String value = network == null ? "" : network;
        if (!OPEN_NETWORKS.contains(value) && !grants.allow().networks().contains(value)) {
            refusals.add(new Refusal(path, "network " + printable(value), "allow.networks"));
        }
    }

    private static void args(String path, List<String> args, RepositoryGrants grants, List<ImagePrefix> prefixes,
                             List<Refusal> refusals) {
        for (BuildxArgs.Item item : BuildxArgs.parse(args)) {
            String at = path + "[" + item.index() + "]";
            if (item instanceof BuildxArgs.FlagItem flag) {
                flag(at, flag, grants, prefixes, refusals);
            } else if (item instanceof BuildxArgs.UnknownFlag unknown) {
                refusals.add(new Refusal(at, "flag " + printable(unknown.spelled()) + " (buildx build has no such flag)",
                        null));
            } else if (item instanceof BuildxArgs.MissingValue missing) {
                refusals.add(new Refusal(at, "flag " + missing.flag().spelled()
                        + " without a value (it would take the build context '-')", null));
            } else if (item instanceof BuildxArgs.Malformed malformed) {
                refusals.add(new Refusal(at, malformed.reason(), null));
            } else {
                refusals.add(new Refusal(at, "an argument that is no flag (a second build context)", null));
            }
        }
    }

    private static void flag(String at, BuildxArgs.FlagItem item, RepositoryGrants grants, List<ImagePrefix> prefixes,
                             List<Refusal> refusals) {
        String name = item.flag().spelled();
        switch (name) {
            case "--network" -> network(at, item.value(), grants, refusals);
            case "--secret" -> secret(at, item.value(), grants, refusals);
            case "--builder" -> refusals.add(new Refusal(at, "flag --builder (the server chooses the builder)",
                    "allow.builders with buildKit.inCluster.name"));
            case "--cache-from", "--cache-to" -> cache(at, name, item.value(), grants, prefixes, refusals);
            default -> {
                boolean granted = grants.allow().buildxFlags().contains(name);
                if (!granted && !BuildxFlags.DEFAULT_ALLOWED.contains(name)) {
                    refusals.add(new Refusal(at, "flag " + name, "allow.buildxFlags: [\"" + name + "\"]"));
                } else if (granted) {
                    namesIn(at, name, item.value(), prefixes, refusals);
                }
            }
        }
    }

    /** A granted flag that names images still names them under the prefixes: every name an image gets. */
    private static void namesIn(String at, String flag, String value, List<ImagePrefix> prefixes,
                                List<Refusal> refusals) {
        if (flag.equals("--tag")) {
            imageName(at, value, prefixes, refusals);
        } else if (flag.equals("--output")) {
            if (!value.contains("=")) {
                return; // a directory or '-': no image name
            }
            Optional<Map<String, String>> parsed = CsvFields.parse(value);
            if (parsed.isEmpty()) {
                refusals.add(new Refusal(at, "value of --output that is not plain key=value pairs (no quotes, each "
                        + "key once)", null));
                return;
            }
            Map<String, String> fields = parsed.get();
            for (String name : fields.getOrDefault("name", "").split(",")) {
                if (!name.isBlank()) {
                    imageName(at, name.strip(), prefixes, refusals);
                }
            }
        }
    }

    /**
     * {@code --cache-from}/{@code --cache-to}: by default only {@code type=registry} under the repository's prefixes;
     * granted, any type, but a registry cache still goes under the prefixes (it is a name the build writes to).
     */
    private static void cache(String at, String flag, String value, RepositoryGrants grants,
                              List<ImagePrefix> prefixes, List<Refusal> refusals) {
        boolean granted = grants.allow().buildxFlags().contains(flag);
        String grant = "allow.buildxFlags: [\"" + flag + "\"]";
        if (!value.contains("=")) {
            imageName(at, value, prefixes, refusals); // a bare reference is type=registry,ref=value
            return;
        }
        Optional<Map<String, String>> fields = CsvFields.parse(value);
        if (fields.isEmpty()) {
            refusals.add(new Refusal(at, "value of " + flag + " that is not plain key=value pairs (no quotes, each "
                    + "key once)", null));
            return;
        }
        String type = fields.get().getOrDefault("type", "registry");
        if (!type.equals("registry")) {
            if (!granted) {
                refusals.add(new Refusal(at, "value of " + flag + " with type=" + printable(type)
                        + " (only type=registry under the repository's image prefixes)", grant));
            }
            return;
        }
        for (String key : fields.get().keySet()) {
            if (!granted && !REGISTRY_CACHE_KEYS.contains(key)) {
                refusals.add(new Refusal(at, "value of " + flag + " with " + printable(key) + "=", grant));
                return;
            }
        }
        String ref = fields.get().get("ref");
        if (ref == null) {
            refusals.add(new Refusal(at, "value of " + flag + " without ref=", null));
        } else {
            imageName(at, ref, prefixes, refusals);
        }
    }

    /** {@code --secret id=X} (optionally {@code type=...}) for a granted id; its value is the server's, never a path. */
    private static void secret(String at, String value, RepositoryGrants grants, List<Refusal> refusals) {
        Optional<Map<String, String>> fields = CsvFields.parse(value);
        String id = fields.map(f -> f.get("id")).orElse(null);
        if (id == null || fields.get().size() != 1) {
            refusals.add(new Refusal(at, "--secret with a source the repository chooses (only id=NAME is accepted)",
                    "allow.secrets (the server gives the value)"));
        } else if (!grants.allow().secrets().containsKey(id)) {
            refusals.add(new Refusal(at, "--secret id=" + printable(id), "allow.secrets"));
        }
    }

    private static Optional<BuilderProfile> builder(String at, InClusterConfig inCluster, RepositoryGrants grants,
                                                    Map<String, BuilderProfile> builders, List<Refusal> refusals) {
        String name = inCluster.name();
        if (name == null || !grants.allow().builders().contains(name) || !builders.containsKey(name)) {
            refusals.add(new Refusal(at + ".name", name == null ? "an in-cluster builder that names no profile"
                    : "in-cluster builder " + printable(name) + (builders.containsKey(name) ? ""
                    : " (BUILDLINE_BUILDERS_FILE has no such profile)"), "allow.builders"));
            return Optional.empty();
        }
        BuilderProfile profile = builders.get(name);
        int before = refusals.size();
        differs(at + ".namespace", inCluster.namespace(), profile.namespace(), refusals);
        differs(at + ".image", inCluster.image(), profile.image(), refusals);
        differs(at + ".nodeSelector", inCluster.nodeSelector(), profile.nodeSelector(), refusals);
        if (!inCluster.createArgs().isEmpty() && !inCluster.createArgs().equals(profile.createArgs())) {
            refusals.add(new Refusal(at + ".createArgs", "createArgs other than the profile's", null));
        }
        if (inCluster.rootless() && !profile.rootless()) {
            refusals.add(new Refusal(at + ".rootless", "rootless: true for a profile that is not rootless", null));
        }
        return refusals.size() == before ? Optional.of(profile) : Optional.empty();
    }

    private static void differs(String at, String written, String profiles, List<Refusal> refusals) {
        if (written != null && !written.equals(profiles)) {
            refusals.add(new Refusal(at, "a value other than the profile's (leave it out)", null));
        }
    }

    /** The image as it is built with {@code profile}: the builder is the operator's, as the profile says. */
    static ImageConfig withProfile(ImageConfig image, BuilderProfile profile) {
        InClusterConfig written = image.buildKit().inCluster();
        InClusterConfig inCluster = new InClusterConfig(profile.name(), profile.namespace(), profile.rootless(),
                profile.image(), profile.nodeSelector(), written.noCreate(), written.noRecreate(), written.noLoad(),
                profile.effectiveCreateArgs());
        BuildKitConfig buildKit = image.buildKit();
        return new ImageConfig(image.name(), image.image(), image.tags(), image.dockerfile(), image.context(),
                image.buildArgs(), image.target(), image.network(), image.skipPush(), image.rebuildStrategy(),
                new BuildKitConfig(buildKit.command(), buildKit.args(), buildKit.preferMinikube(), inCluster),
                image.entrypoint(), image.cmd(), image.appendDockerfileInstructions());
    }

    /** A value shown in a refusal: control characters and anything beyond ASCII escaped, so look-alikes show. */
    static String printable(String value) {
        StringBuilder out = new StringBuilder("'");
        value.codePoints().limit(64).forEach(c -> {
            if (c < 0x20 || c > 0x7e) {
                out.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append(value.codePointCount(0, value.length()) > 64 ? "...'" : "'").toString();
    }
}
