package dev.buildline.coordinator.state;

import java.util.List;

/** One page of a filtered build list: {@code total} matching builds, of which {@code builds} start at {@code offset}. */
public record BuildPage(int total, int offset, int limit, List<BuildView> builds) {

    public BuildPage {
        builds = List.copyOf(builds);
    }
}
