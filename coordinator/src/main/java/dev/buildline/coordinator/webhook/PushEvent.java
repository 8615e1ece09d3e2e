package dev.buildline.coordinator.webhook;

import dev.buildline.common.messages.RepoRef;
import java.util.Set;

/**
 * A push as every git host describes it once parsed: repository, ref, the commits before and after, the paths its
 * commits touched and whether that list is complete (hosts truncate big pushes; forced pushes and new branches have no
 * usable list), and whether the ref was deleted (which builds nothing).
 */
public record PushEvent(String provider, String deliveryId, RepoRef repo, String ref, String before, String after,
                        boolean deleted, Set<String> changedPaths, boolean pathsComplete) {

    public static final String ZERO_COMMIT = "0000000000000000000000000000000000000000";

    public PushEvent {
        changedPaths = Set.copyOf(changedPaths);
    }

    /** True when {@code before} names no commit (a new branch or tag). */
    public boolean created() {
        return before == null || before.isEmpty() || before.chars().allMatch(c -> c == '0');
    }
}
