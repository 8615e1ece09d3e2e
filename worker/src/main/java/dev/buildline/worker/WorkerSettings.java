package dev.buildline.worker;

import dev.buildline.common.messages.Topics;
import java.nio.file.Path;
import java.time.Duration;

/** Everything a worker is configured with, read once by the launcher; secrets left out of {@link #toString()}. */
public record WorkerSettings(
        String kafkaBootstrap,
        Topics topics,
        String groupId,
        String workerId,
        int concurrency,
        Path dataDir,
        String gitUsername,
        String gitToken,
        Duration buildTimeout) {

    @Override
    public String toString() {
        return "WorkerSettings[kafka=" + kafkaBootstrap + ", topics=" + topics.prefix() + ", group=" + groupId
                + ", worker=" + workerId + ", concurrency=" + concurrency + ", dataDir=" + dataDir
                + ", buildTimeout=" + buildTimeout + "]";
    }
}
