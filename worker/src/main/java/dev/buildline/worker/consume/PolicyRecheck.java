package dev.buildline.worker.consume;

import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.policy.BuildPolicy;
import dev.buildline.common.policy.ImagePrefix;
import dev.buildline.common.policy.PolicyDecision;
import dev.buildline.common.policy.Refusal;
import dev.buildline.common.policy.RepositoryGrants;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The build policy applied again on the worker, to what a signed request carries: its image config and its
 * repository's grants (both signed by a coordinator). A coordinator whose policy was older or wrong, or a request
 * signed by a leaked key with a config a repository could not have written, still runs no command, no flag and no
 * network the grants do not allow. The in-cluster builder is left out: the request already carries the operator's
 * profile as the coordinator resolved it, and the profiles file is the coordinator's. A request without grants gets
 * the parts that need no repository settings (command, flags, network, as a plain build has them); its image names
 * are the coordinator's to check, since the worker has no prefixes to check them against.
 */
public final class PolicyRecheck implements RequestAdmission.Check {

    @Override
    public Optional<String> refusal(BuildRequest request) {
        RepositoryGrants grants = request.grants() != null ? request.grants()
                : RepositoryGrants.NONE.withImages(List.of(ImagePrefix.ANY.text()));
        String inCluster = "images." + request.image() + ".buildKit.inCluster";
        if (!(BuildPolicy.check(request.image(), request.config(), grants, Map.of())
                instanceof PolicyDecision.Refused refused)) {
            return Optional.empty();
        }
        List<Refusal> refusals = refused.refusals().stream()
                .filter(r -> !r.path().startsWith(inCluster))
                .toList();
        return refusals.isEmpty() ? Optional.empty() : Optional.of("the build policy refuses this request: "
                + String.join("; ", refusals.stream().map(Refusal::message).toList()));
    }
}
