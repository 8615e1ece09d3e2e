package dev.buildline.common.config.versions;

import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;

/**
 * DevSpace's versions.Parse for the part Buildline reads (versions.go:122-178): the version check, the strict decode,
 * the upgrade chain to v2beta1 and adjustConfig, all on SnakeYAML nodes so that every value keeps the line it was
 * written on. The validation into the model follows in {@link dev.buildline.common.config.ConfigParser}.
 */
public final class Upgrade {

    private Upgrade() {
    }

    /**
     * @param root      the document after the stages that run on the file as written (imports, profiles, variables)
     * @param version   the version read, null when it was missing or refused
     * @param converted the document in the v2beta1 layout, adjusted
     * @param disabled  keys (as converted) of images whose {@code build.disabled} is true: validated, not built
     */
    public record Result(ConfigVersion version, MappingNode converted, Set<String> disabled) {

        public boolean wasConverted() {
            return version != null && version != ConfigVersion.LATEST;
        }
    }

    /** Problems go to {@code findings}; when there is one, the result's {@code converted} is null. */
    public static Result toLatest(MappingNode root, Findings findings) {
        StrictFields.duplicates(root, "", findings);
        ConfigVersion version = ConfigVersion.read(root, findings);
        if (version == null || findings.hasProblems()) {
            return new Result(version, null, Set.of());
        }
        StrictFields.check(root, version, findings);
        if (findings.hasProblems()) {
            return new Result(version, null, Set.of());
        }
        MappingNode tree = root;
        Set<String> disabled = Set.of();
        if (version == ConfigVersion.V1BETA9) {
            tree = V1beta9ToV1beta10.upgrade(tree);
        }
        if (version == ConfigVersion.V1BETA9 || version == ConfigVersion.V1BETA10) {
            tree = OmitEmpty.v1beta10ToV1beta11(tree);
        }
        if (version != ConfigVersion.V2BETA1) {
            V1beta11ToV2beta1.Result upgraded = V1beta11ToV2beta1.upgrade(tree, findings);
            tree = upgraded.root();
            disabled = upgraded.disabled();
        }
        return new Result(version, AdjustConfig.images(tree, findings), disabled);
    }
}
