package dev.buildline.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueLagTest {

    @Test
    void lagIsTheEndLessTheCommittedOffset() {
        assertThat(QueueLag.of(Map.of(0, 10L, 1, 5L), Map.of(0, 0L, 1, 0L), Map.of(0, 7L, 1, 5L)))
                .containsExactly(Map.entry(0, 3L), Map.entry(1, 0L));
    }

    @Test
    void aPartitionTheGroupNeverCommittedWaitsFromTheStartOfTheLog() {
        assertThat(QueueLag.of(Map.of(0, 10L), Map.of(0, 4L), Map.of())).containsExactly(Map.entry(0, 6L));
    }

    @Test
    void aCommitBelowTheLogStartCountsOnlyWhatIsLeft() {
        assertThat(QueueLag.of(Map.of(0, 10L), Map.of(0, 8L), Map.of(0, 2L))).containsExactly(Map.entry(0, 2L));
    }
}
