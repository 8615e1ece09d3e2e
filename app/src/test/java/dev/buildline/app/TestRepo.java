package dev.buildline.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real git repository on disk that tests commit files to. */
final class TestRepo implements AutoCloseable {

    private final Path dir;
    private final Git git;

    private TestRepo(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    static TestRepo create(Path dir) throws GitAPIException {
        return new TestRepo(dir, Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call());
    }

    String url() {
        return url(dir);
    }

    /** A directory's file:// URL as the repositories' URLs are written (for a directory, ending in '/'). */
    static String url(Path dir) {
        return dir.toUri().toString().replaceFirst("^file:/(?!/)", "file:///");
    }

    /** Writes the files (path → content) and commits them; returns the commit id. */
    String commit(String message, Map<String, String> files) throws IOException, GitAPIException {
        return commit(message, files, Map.of());
    }

    /** Also writes symlinks (path → target, as written, so git stores them as links). */
    String commit(String message, Map<String, String> files, Map<String, String> links)
            throws IOException, GitAPIException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = dir.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        for (Map.Entry<String, String> link : links.entrySet()) {
            Path path = dir.resolve(link.getKey());
            Files.createDirectories(path.getParent());
            Files.deleteIfExists(path);
            Files.createSymbolicLink(path, Path.of(link.getValue()));
        }
        git.add().addFilepattern(".").call();
        PersonIdent author = new PersonIdent("Buildline Test", "test@buildline.dev");
        RevCommit commit = git.commit().setMessage(message).setAuthor(author).setCommitter(author).call();
        return commit.name();
    }

    /** Creates an annotated tag at HEAD; returns the tag object's id (not the commit's). */
    String annotatedTag(String name, String message) throws GitAPIException {
        PersonIdent tagger = new PersonIdent("Buildline Test", "test@buildline.dev");
        return git.tag().setName(name).setMessage(message).setAnnotated(true).setTagger(tagger).call()
                .getObjectId().name();
    }

    @Override
    public void close() {
        git.close();
    }
}
