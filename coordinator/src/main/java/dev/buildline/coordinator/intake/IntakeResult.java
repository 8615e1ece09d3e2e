package dev.buildline.coordinator.intake;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to a push: the builds it asked for, whether all of them were known already (a redelivery),
 * and a reason when nothing was built.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntakeResult(String deliveryId, List<AcceptedBuild> builds, String reason, @JsonIgnore boolean duplicate) {

    public IntakeResult {
        builds = List.copyOf(builds);
    }

    public static IntakeResult nothing(String deliveryId, String reason) {
        return new IntakeResult(deliveryId, List.of(), reason, false);
    }
}
