package dev.buildline.common.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one repository may do beyond a plain build, as the operator granted it in BUILDLINE_REPOSITORIES_FILE
 * (DESIGN.md, "Trust model"): the image prefixes it may name ({@code images}, else BUILDLINE_ALLOWED_IMAGES), its
 * registry credentials ({@code dockerConfig}, a DOCKER_CONFIG directory, or null) and {@link Allow}. Carried in every
 * build request as {@code grants}, so a worker can apply {@link BuildPolicy} again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepositoryGrants(List<String> images, String dockerConfig, Allow allow) {

    /** A plain build, nothing more, and no image prefix. */
    public static final RepositoryGrants NONE = new RepositoryGrants(List.of(), null, Allow.NONE);

    public RepositoryGrants {
        images = images == null ? List.of() : List.copyOf(images);
        allow = allow == null ? Allow.NONE : allow;
    }

    /**
     * {@code allow}: each grant defaults to none. {@code commands} are whole {@code buildKit.command} lists;
     * {@code buildxFlags} are long flag names beyond {@link BuildxFlags#DEFAULT_ALLOWED}; {@code networks} are
     * {@code network} values beyond default and none; {@code secrets} are {@code --secret} ids and where their values
     * are; {@code builders} are names of BUILDLINE_BUILDERS_FILE's profiles.
     */
    public record Allow(List<List<String>> commands, List<String> buildxFlags, List<String> networks,
                        Map<String, SecretRef> secrets, List<String> builders) {

        public static final Allow NONE = new Allow(List.of(), List.of(), List.of(), Map.of(), List.of());

        public Allow {
            commands = commands == null ? List.of() : commands.stream().map(List::copyOf).toList();
            buildxFlags = buildxFlags == null ? List.of() : List.copyOf(buildxFlags);
            networks = networks == null ? List.of() : List.copyOf(networks);
            secrets = secrets == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(secrets));
            builders = builders == null ? List.of() : List.copyOf(builders);
        }
    }

    /** The same grants with these image prefixes (the global ones when the entry has none). */
    public RepositoryGrants withImages(List<String> prefixes) {
        return new RepositoryGrants(prefixes, dockerConfig, allow);
    }

    /** {@link #images} parsed; each was checked when the settings were read. */
    @JsonIgnore
    public List<ImagePrefix> imagePrefixes() {
        return images.stream().map(ImagePrefix::parse).toList();
    }
}
