package dev.buildline.coordinator.intake;

import dev.buildline.common.policy.Refusal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A devspace.yaml asks for more than its repository is granted (the build policy): nothing of it is built. The
 * message names the file, the commit and every refusal with its YAML path and the setting that would grant it.
 */
public final class BuildRefusedException extends IntakeRejectedException {

    private final List<Refusal> refusals;

    public BuildRefusedException(String what, List<Refusal> refusals) {
        super(Reason.REFUSED_BY_POLICY, what + " is refused by the build policy (nothing of it is built): "
                + refusals.stream().map(Refusal::message).collect(Collectors.joining("; ")));
        this.refusals = List.copyOf(refusals);
    }

    public List<Refusal> refusals() {
        return refusals;
    }
}
