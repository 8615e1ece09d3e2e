package dev.buildline.common.config.load;

import java.util.Optional;

/**
 * Files of the repository at the commit being loaded, for imports and {@code .env}. The coordinator answers from
 * its git mirror, {@code plan} and {@code validate} from the directory the file sits in; either way a path is
 * repository-relative with forward slashes and has already been checked not to leave the repository.
 */
@FunctionalInterface
public interface RepoFiles {

    /** The file's text, or empty when there is no such file (a directory or a symbolic link is no file). */
    Optional<String> read(String repoPath);

    /** A repository with no other files. */
    RepoFiles NONE = path -> Optional.empty();
}
