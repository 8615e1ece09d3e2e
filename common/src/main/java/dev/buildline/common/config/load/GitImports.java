package dev.buildline.common.config.load;

/**
 * Other repositories' files at a pinned revision, for {@code imports} with {@code git}: the coordinator answers from
 * its git mirror for repositories its allow-list permits. A server never clones what a pushed file names unless the
 * allow-list says so.
 */
@FunctionalInterface
public interface GitImports {

    /**
     * The files of {@code url} at {@code revision} (a commit id or a tag).
     *
     * @throws UnavailableException saying why the repository cannot be read (not allowed, not found)
     */
    RepoFiles at(String url, String revision);

    /** No git imports: every one is refused. */
    GitImports NONE = (url, revision) -> {
        throw new UnavailableException("imports from another git repository are read only by the coordinator, "
                + "for repositories BUILDLINE_ALLOWED_REPOS allows; copy the file into this repository");
    };

    /** Why another repository cannot be read. */
    final class UnavailableException extends RuntimeException {
        public UnavailableException(String message) {
            super(message);
        }
    }
}
