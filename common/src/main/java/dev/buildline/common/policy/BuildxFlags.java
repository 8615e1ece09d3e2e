package dev.buildline.common.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The flags {@code docker buildx build} knows, as buildx 0.13 defines them (its {@code --help}, experimental flags
 * included, plus {@code --call} and {@code --check} of later releases), and the default list: the flags a repository
 * may use in {@code buildKit.args} without a grant, because they change nothing outside the image.
 */
public final class BuildxFlags {

    /** One flag: its long name without dashes, its one-letter shorthand or null, and whether it takes a value. */
    public record Flag(String name, String shorthand, boolean takesValue) {
        /** {@code --name}, as a grant names it. */
        public String spelled() {
            return "--" + name;
        }
    }

    private static final List<Flag> BUILD = List.of(
            value("add-host"), value("allow"), value("annotation"), value("attest"), value("build-arg"),
            value("build-context"), value("builder"), value("cache-from"), value("cache-to"), value("call"),
            value("cgroup-parent"), bool("check"), bool("detach"), new Flag("file", "f", true), value("iidfile"),
            value("label"), bool("load"), value("metadata-file"), value("network"), bool("no-cache"),
            value("no-cache-filter"), new Flag("output", "o", true), value("platform"), value("print"),
            value("progress"), value("provenance"), bool("pull"), bool("push"), new Flag("quiet", "q", false),
            value("root"), value("sbom"), value("secret"), value("server-config"), value("shm-size"), value("ssh"),
            new Flag("tag", "t", true), value("target"), value("ulimit"));

    /**
     * Allowed without a grant: metadata, platforms, progress, cache policy and attestations. {@code --cache-from},
     * {@code --cache-to} and {@code --network} are here with their values checked ({@link BuildPolicy}).
     */
    public static final Set<String> DEFAULT_ALLOWED = Set.of("--label", "--annotation", "--platform", "--progress",
            "--no-cache", "--no-cache-filter", "--pull", "--provenance", "--sbom", "--cache-from", "--cache-to",
            "--network");

    /** Flags no {@code allow.buildxFlags} grant opens: each has its own grant, or only the server chooses it. */
    public static final Map<String, String> OWN_GRANT = Map.of(
            "--secret", "allow.secrets",
            "--network", "allow.networks",
            "--builder", "allow.builders with inCluster (the server adds --builder itself)");

    private static final Map<String, Flag> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, Flag> BY_SHORTHAND = new LinkedHashMap<>();

    static {
        for (Flag flag : BUILD) {
            BY_NAME.put(flag.name(), flag);
            if (flag.shorthand() != null) {
                BY_SHORTHAND.put(flag.shorthand(), flag);
            }
        }
    }

    private BuildxFlags() {
    }

    /** Every flag of {@code buildx build}, in the order of its help. */
    public static List<Flag> all() {
        return BUILD;
    }

    /** The flag called {@code name} (without dashes). */
    public static Optional<Flag> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The flag whose shorthand is {@code letter}. */
    public static Optional<Flag> byShorthand(String letter) {
        return Optional.ofNullable(BY_SHORTHAND.get(letter));
    }

    /**
     * A flag as an operator writes it in {@code allow.buildxFlags} ({@code --ssh} or {@code -o}), as the long
     * spelling, or empty when buildx has no such flag.
     */
    public static Optional<Flag> named(String spelled) {
        if (spelled.startsWith("--")) {
            return byName(spelled.substring(2));
        }
        return spelled.length() == 2 && spelled.charAt(0) == '-' ? byShorthand(spelled.substring(1)) : Optional.empty();
    }

    private static Flag value(String name) {
        return new Flag(name, null, true);
    }

    private static Flag bool(String name) {
        return new Flag(name, null, false);
    }
}
