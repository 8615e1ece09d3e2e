package dev.buildline.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

    private static final TopicPartition P0 = new TopicPartition("requests", 0);
    private static final TopicPartition P1 = new TopicPartition("requests", 1);
    private final OffsetTracker tracker = new OffsetTracker();

    @Test
    void commitsOnlyUpToTheFirstUnfinishedRecord() {
        tracker.started(P0, 10);
        tracker.started(P0, 11);
        tracker.started(P0, 12);

        tracker.finished(P0, 11);
        tracker.finished(P0, 12);
        assertThat(tracker.toCommit()).isEmpty();
        assertThat(tracker.inFlight()).isEqualTo(1);

        tracker.finished(P0, 10);
        assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, 13L));
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void reportsEachCommitOnceAndPartitionsSeparately() {
        tracker.started(P0, 0);
        tracker.started(P1, 5);
        tracker.finished(P1, 5);

        assertThat(tracker.toCommit()).isEqualTo(Map.of(P1, 6L));
        tracker.committed(Map.of(P1, 6L));
        assertThat(tracker.toCommit()).isEmpty();
    }

    @Test
    void aCommitTheGroupDidNotTakeIsDueAgain() {
        tracker.started(P0, 7);
        tracker.finished(P0, 7);

        assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, 8L));
        // a rebalance interrupted the commit: nothing acknowledged
        assertThat(tracker.toCommit()).isEqualTo(Map.of(P0, 8L));
    }

    @Test
    void ignoresFinishesOfARevokedPartition() {
        tracker.started(P0, 3);
        tracker.forget(P0);
        tracker.finished(P0, 3);

        assertThat(tracker.toCommit()).isEmpty();
        assertThat(tracker.inFlight()).isZero();
    }
}
