package dev.buildline.common.config.load;

import java.util.Optional;

/**
 * What git knows about the commit being loaded, for the predefined {@code DEVSPACE_GIT_*} variables and the git
 * expressions Buildline answers without running anything ({@code $(git rev-parse --short HEAD)}). The coordinator
 * answers from its mirror for the pushed commit and ref; {@code plan} from the local repository, if any.
 */
public interface GitFacts {

    /** The commit. */
    CommitInfo commit();

    /** The branch as {@code git rev-parse --abbrev-ref HEAD} prints it in a checkout of the ref: "HEAD" when detached. */
    String branch();

    /** The shortest unique abbreviation of the commit id with at least {@code minLength} characters. */
    String abbreviate(int minLength);

    /**
     * {@code git describe}: the nearest tag reachable from the commit ({@code allTags}: lightweight ones too), with
     * {@code -<n>-g<abbrev>} unless it is the commit itself (or always when {@code longFormat}); empty when no tag is
     * reachable.
     */
    Optional<String> describe(boolean allTags, int abbrev, boolean longFormat);

    /** A commit's facts as {@code git log -1 --format} prints them. Times are epoch seconds; offsets in minutes. */
    record CommitInfo(String id, String authorName, String authorEmail, long authorTime, int authorOffset,
                      String committerName, String committerEmail, long commitTime, int commitOffset,
                      String message) {
    }

    /** Thrown by {@link #NONE}: the file does not sit in a git repository. */
    final class UnavailableException extends RuntimeException {
        public UnavailableException(String message) {
            super(message);
        }
    }

    /** No git repository: every question fails with {@link UnavailableException}. */
    GitFacts NONE = new GitFacts() {
        @Override
        public CommitInfo commit() {
            throw new UnavailableException("the file is not in a git repository");
        }

        @Override
        public String branch() {
            throw new UnavailableException("the file is not in a git repository");
        }

        @Override
        public String abbreviate(int minLength) {
            throw new UnavailableException("the file is not in a git repository");
        }

        @Override
        public Optional<String> describe(boolean allTags, int abbrev, boolean longFormat) {
            throw new UnavailableException("the file is not in a git repository");
        }
    };
}
