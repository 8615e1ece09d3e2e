package dev.buildline.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class MinInsyncTest {

    private static final int BY_REPLICATION = MinInsync.BY_REPLICATION;

    @Test
    void theValueATopicGetsFromItsReplicasAndTheSetting() {
        // replicas, setting -> wanted
        Object[][] table = {
                {1, BY_REPLICATION, OptionalInt.empty()},
                {2, BY_REPLICATION, OptionalInt.empty()},
                {3, BY_REPLICATION, OptionalInt.of(2)},
                {5, BY_REPLICATION, OptionalInt.of(2)},
                {3, 1, OptionalInt.of(1)},
                {5, 3, OptionalInt.of(3)},
                {1, 1, OptionalInt.of(1)},
        };
        for (Object[] row : table) {
            assertThat(MinInsync.wanted((int) row[0], (int) row[1])).as("%s replicas, setting %s", row[0], row[1])
                    .isEqualTo(row[2]);
        }
    }

    @Test
    void anExistingTopicWithLessThanWantedIsReportedWithTheFix() {
        assertThat(MinInsync.problem("buildline.build-requests", 3, 1, BY_REPLICATION)).hasValue(
                "topic buildline.build-requests has min.insync.replicas 1 with 3 replicas: a write is acknowledged "
                        + "once 1 broker(s) have it; set it to 2 (kafka-configs --alter --entity-type topics "
                        + "--entity-name buildline.build-requests --add-config min.insync.replicas=2)");
        assertThat(MinInsync.problem("t", 3, 2, BY_REPLICATION)).isEmpty();
        assertThat(MinInsync.problem("t", 3, 3, BY_REPLICATION)).as("more than wanted is the operator's choice")
                .isEmpty();
        assertThat(MinInsync.problem("t", 1, 1, BY_REPLICATION)).isEmpty();
        assertThat(MinInsync.problem("t", 5, 2, 3)).hasValueSatisfying(problem ->
                assertThat(problem).startsWith("topic t has min.insync.replicas 2 with 5 replicas"));
    }

    @Test
    void aSettingAboveATopicsReplicasIsReportedAsRefusingEveryWrite() {
        assertThat(MinInsync.problem("t", 1, 1, 2)).hasValue("topic t has 1 replica(s), fewer than "
                + "BUILDLINE_TOPIC_MIN_INSYNC 2: Kafka refuses every write to it (acks=all); lower the setting or add "
                + "replicas");
    }
}
