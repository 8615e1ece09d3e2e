package dev.buildline.common.policy;

import dev.buildline.common.config.ImageConfig;
import java.util.List;

/** What {@link BuildPolicy} decided about one image. */
public sealed interface PolicyDecision {

    /**
     * Built as {@code config} says: the image's config, with an in-cluster builder's fields replaced by its
     * profile's.
     */
    record Allowed(ImageConfig config) implements PolicyDecision {
    }

    /** Not built; each refusal names the YAML path. */
    record Refused(List<Refusal> refusals) implements PolicyDecision {
        public Refused {
            refusals = List.copyOf(refusals);
        }
    }
}
