package dev.buildline.common.config.load;

import java.util.Optional;
import java.util.Properties;

/**
 * Git facts written down in a test case (request.properties: commit, branch, commitTime, describe): the pure loader
 * is tested without a repository; the coordinator's and the CLI's JGit answers have their own tests.
 */
record FixedGit(String id, String branchName, long time, String described) implements GitFacts {

    static final String COMMIT = "3f2a9c41d7e5b8a06c1d2e3f4a5b6c7d8e9f0a1b";

    static FixedGit of(Properties p) {
        return new FixedGit(p.getProperty("commit", COMMIT), p.getProperty("branch", "main"),
                Long.parseLong(p.getProperty("commitTime", "1764547200")), p.getProperty("describe"));
    }

    @Override
    public CommitInfo commit() {
        return new CommitInfo(id, "Ada Lovelace", "ada@example.com", time, 60, "Ada Lovelace", "ada@example.com",
                time, 60, "Add the worker image\n\nIt builds from services/worker.\n");
    }

    @Override
    public String branch() {
        return branchName;
    }

    @Override
    public String abbreviate(int minLength) {
        return id.substring(0, minLength);
    }

    @Override
    public Optional<String> describe(boolean allTags, int abbrev, boolean longFormat) {
        if (described == null) {
            return Optional.empty();
        }
        return Optional.of(described + (longFormat ? "-0-g" + id.substring(0, abbrev) : ""));
    }
}
