package dev.buildline.git;

import dev.buildline.common.repo.AllowedRepos;
import dev.buildline.common.repo.InvalidRepoUrlException;
import dev.buildline.common.repo.RepoUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.RemoteRepositoryException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.FileUtils;

/**
 * Bare mirrors of the repositories Buildline builds, one per URL under a cache directory, fetched on demand until a
 * wanted commit is present. The one piece of git I/O the coordinator (reading devspace.yaml) and the worker (archiving
 * the context) share. Credentials come from settings and are never logged.
 *
 * <p>Failures come in two kinds, because callers answer them differently: {@link GitException} says the thing is not
 * there (no such repository, no such commit: asking again gives the same answer), {@link GitUnavailableException}
 * says the host could not be asked (unreachable, timed out, 5xx, authentication refused): asking later may work.
 *
 * <p>Each mirror's {@link Repository} is opened once and shared by every snapshot (JGit's file repository is safe for
 * concurrent readers, each with its own object reader). Only fetches of one mirror take turns: a snapshot of a commit
 * the mirror already has never waits, not even for a fetch running meanwhile.
 *
 * <p>A cache directory belongs to one mirror object, which owns the lock files of its git operations
 * ({@link LockFiles}): nothing deletes them while an operation runs, not even the JVM stopping, and a mirror is
 * created whole or not at all. {@link #close()} lets the fetches in flight end first; after it, every call answers
 * {@link GitUnavailableException}, as a process that is stopping should.
 */
public final class GitMirror implements AutoCloseable {

    /** Longest wait for the host to send anything during a fetch (JGit's read and connect timeout). */
    static final int FETCH_TIMEOUT_SECONDS = 30;

    private final Path cacheDir;
    private final String username;
    private final String token;
    private final AllowedRepos allowed;
    private final ConcurrentMap<String, Mirror> mirrors = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** One URL's open repository and the lock its fetches take. */
    private record Mirror(Repository repository, ReentrantLock fetching) {
    }

    /** A mirror whose credentials go to the host of each URL it fetches (callers check URLs before they get here). */
    public GitMirror(Path cacheDir, String username, String token) {
        this(cacheDir, username, token, null);
    }

    /**
     * @param allowed the repositories whose origins (scheme, host, port) credentials may be sent to; null for the
     *                origin of each fetched URL
     */
    public GitMirror(Path cacheDir, String username, String token, AllowedRepos allowed) {
        this.cacheDir = cacheDir;
        LockFiles.keepJGitHookOut();
        this.username = username == null || username.isEmpty() ? "git" : username;
        this.token = token == null || token.isEmpty() ? null : token;
        this.allowed = allowed;
    }

    /**
     * The commit, fetched first when this mirror does not have it yet. Blocking. A URL that is no plain repository
     * URL ({@link RepoUrl}: a user name before '@', a '..' segment, a backslash) is refused before any git access.
     */
    public Snapshot snapshot(String url, String commit) {
        try {
            RepoUrl.parse(url);
        } catch (InvalidRepoUrlException e) {
            throw new GitException(e.getMessage(), e);
        }
        try {
            Mirror mirror = mirror(url);
            Repository repository = mirror.repository();
            ObjectId id = find(repository, commit);
            if (id == null) {
                id = fetchUntilFound(mirror, url, commit);
            }
            if (id == null) {
                throw new GitException("commit " + commit + " not found in " + redact(url));
            }
            try (RevWalk walk = new RevWalk(repository)) {
                return new Snapshot(repository, walk.parseCommit(id));
            }
        } catch (IOException | JGitInternalException | IllegalStateException e) {
            // the mirror on local disk could not be read or written (JGit reports a lost lock as an illegal state):
            // nothing says the commit is missing
            throw new GitUnavailableException("cannot read the mirror of " + redact(url) + " at " + commit + ": "
                    + redact(e.getMessage()), e);
        }
    }

    /** Fetches under the mirror's lock; a fetch that ran while this one waited may have brought the commit. */
    private ObjectId fetchUntilFound(Mirror mirror, String url, String commit) throws IOException {
        mirror.fetching().lock();
        try {
            ObjectId id = find(mirror.repository(), commit);
            if (id == null) {
                fetch(mirror.repository(), url, commit);
                id = find(mirror.repository(), commit);
            }
            return id;
        } finally {
            mirror.fetching().unlock();
        }
    }

    private Mirror mirror(String url) throws IOException {
        if (closed) {
            throw new GitUnavailableException("the git mirror of " + redact(url) + " is closed: this process is "
                    + "stopping", null);
        }
        Mirror mirror = mirrors.get(url);
        if (mirror != null) {
            return mirror;
        }
        try {
            return mirrors.computeIfAbsent(url, key -> {
                try {
                    return new Mirror(openOrInit(key), new ReentrantLock());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Closes every mirror's repository once its fetch in flight, if any, ended (waiting at most
     * {@link #FETCH_TIMEOUT_SECONDS} in all: a fetch still running after that keeps its lock files, which the next
     * open removes). Snapshots still open must not be used after.
     */
    @Override
    public void close() {
        closed = true;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(FETCH_TIMEOUT_SECONDS);
        for (Mirror mirror : mirrors.values()) {
            boolean idle = false;
            try {
                idle = mirror.fetching().tryLock(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                mirror.repository().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                mirror.repository().close();
            } finally {
                if (idle) {
                    mirror.fetching().unlock();
                }
            }
        }
        mirrors.clear();
    }

    /** The commit's id when this mirror has it; a full id of a missing object answers null, not an exception. */
    private static ObjectId find(Repository repository, String commit) throws IOException {
        try {
            return repository.resolve(commit + "^{commit}");
        } catch (MissingObjectException e) {
            return null;
        }
    }

    /**
     * Opens the mirror, first removing the lock files a process that died mid-operation left (no operation of this
     * one holds any yet: this runs once per URL, under the map's lock). A new mirror is made whole in a directory of
     * its own and moved into place, so a creation cut short leaves nothing the next open would take for a mirror.
     */
    private Repository openOrInit(String url) throws IOException {
        Path dir = cacheDir.resolve(hash(url) + ".git");
        if (Files.exists(dir.resolve("HEAD"))) {
            LockFiles.removeStale(dir);
        } else {
            Path creating = cacheDir.resolve(hash(url) + ".git.creating");
            deleteTree(creating);
            deleteTree(dir); // a mirror without HEAD was never finished
            Files.createDirectories(creating);
            try (Git git = Git.init().setBare(true).setGitDir(creating.toFile()).call()) {
                git.getRepository().getConfig().setString("remote", "origin", "url", url);
                git.getRepository().getConfig().save();
            } catch (GitAPIException e) {
                throw new GitException("cannot create a mirror of " + redact(url) + ": " + redact(e.getMessage()), e);
            }
            Files.move(creating, dir, StandardCopyOption.ATOMIC_MOVE);
        }
        return new FileRepositoryBuilder().setGitDir(dir.toFile()).setMustExist(true).build();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
        }
    }

    private void fetch(Repository repository, String url, String commit) {
        // a redirect would reach a host or path the allow-list was never asked about: the fetch fails instead
        repository.getConfig().setString("http", null, "followRedirects", "false");
        try (Git git = new Git(repository)) {
            try {
                withCredentials(url, git.fetch().setRemote(url).setTimeout(FETCH_TIMEOUT_SECONDS)
                        .setRefSpecs(List.of(new RefSpec("+refs/heads/*:refs/heads/*"),
                                new RefSpec("+refs/tags/*:refs/tags/*")))
                        .setRemoveDeletedRefs(false)).call();
            } catch (GitAPIException e) {
                throw failure("cannot fetch " + redact(url), url, e);
            }
            if (find(repository, commit) == null && ObjectId.isId(commit)) {
                // a commit no branch points at any more: ask for it by id (servers that allow it answer)
                try {
                    withCredentials(url, git.fetch().setRemote(url).setTimeout(FETCH_TIMEOUT_SECONDS)
                            .setRefSpecs(new RefSpec(commit + ":refs/buildline/" + commit))).call();
                } catch (GitAPIException e) {
                    GitException failure = failure("cannot fetch " + commit + " from " + redact(url), url, e);
                    if (failure instanceof GitUnavailableException) {
                        throw failure;
                    }
                    // the host answered and refused the id: the commit is not there, which snapshot() reports
                }
            }
        } catch (IOException e) {
            throw new GitUnavailableException("cannot read the mirror of " + redact(url) + ": "
                    + redact(e.getMessage()), e);
        }
    }

    private FetchCommand withCredentials(String url, FetchCommand fetch) {
        return token == null ? fetch
                : fetch.setCredentialsProvider(new OriginCredentials(username, token, RepoUrl.parse(url), allowed));
    }

    /**
     * "Not there" when the host answered and said so (no such repository, a protocol-level refusal such as an id it
     * will not serve, a URL scheme git cannot speak); every other fetch failure (connection refused or reset, a
     * timeout, an HTTP 5xx, 401 or 403 from an authentication server that is down) is "could not ask".
     */
    static GitException failure(String what, String url, Throwable cause) {
        String detail = redact(describe(cause));
        // JGit starts its messages with the URL, which the message already names
        String message = what + ": " + (detail.startsWith(redact(url) + ": ")
                ? detail.substring(redact(url).length() + 2) : detail);
        if (detail.contains("http.followRedirects is false")) {
            // JGit's redirectsOff: the host answered, and it will answer the same way next time
            return new GitException(message + "; Buildline follows no redirects, so a moved repository is built "
                    + "from its new URL (allowed by BUILDLINE_ALLOWED_REPOS)", cause);
        }
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof NoRemoteRepositoryException || t instanceof NotSupportedException
                    || t instanceof RemoteRepositoryException || t instanceof PackProtocolException) {
                return new GitException(message, cause);
            }
        }
        return new GitUnavailableException(message, cause);
    }

    /** The failure's message and its causes' (JGit puts "connection refused" or "503" on an inner one). */
    private static String describe(Throwable cause) {
        StringBuilder text = new StringBuilder(String.valueOf(cause.getMessage()));
        for (Throwable t = cause.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t.getMessage() != null && !text.toString().contains(t.getMessage())) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }

    /** Leaves credentials written into a URL ({@code https://user:token@host/...}) out of messages. */
    public static String redact(String text) {
        return text == null ? null : text.replaceAll("(?i)([a-z][a-z0-9+.-]*://+)[^/@\\s]+@", "$1***@");
    }

    private static String hash(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** One commit of a mirror, used by one thread at a time; close it when done (the mirror's repository stays open). */
    public static final class Snapshot implements AutoCloseable {
        private final Repository repository;
        private final RevCommit commit;
        private final ObjectReader reader;
        /** Directory ("" = root) → its entries by name; null for a path that is no directory. Filled on demand. */
        private final Map<String, Map<String, ObjectId>> directories = new HashMap<>();

        Snapshot(Repository repository, RevCommit commit) {
            this.repository = repository;
            this.commit = commit;
            this.reader = repository.newObjectReader();
        }

        public Repository repository() {
            return repository;
        }

        public RevCommit commit() {
            return commit;
        }

        /** The blob at a forward-slash path, if that path is a file in this commit. */
        public Optional<byte[]> readFile(String path) {
            try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
                if (walk == null || walk.isSubtree()) {
                    return Optional.empty();
                }
                return Optional.of(repository.open(walk.getObjectId(0)).getBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + " at " + commit.name(), e);
            }
        }

        /**
         * git's id of the tree or blob at a path ("" = the root tree), if the path exists in this commit. Each
         * directory on the way is read once per snapshot, so asking for a thousand images' contexts and Dockerfiles
         * reads each tree once.
         */
        public Optional<String> objectId(String path) {
            if (path.isEmpty()) {
                return Optional.of(commit.getTree().name());
            }
            int slash = path.lastIndexOf('/');
            try {
                Map<String, ObjectId> parent = directory(slash < 0 ? "" : path.substring(0, slash));
                ObjectId id = parent == null ? null : parent.get(path.substring(slash + 1));
                return Optional.ofNullable(id).map(ObjectId::name);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + " at " + commit.name(), e);
            }
        }

        private Map<String, ObjectId> directory(String dir) throws IOException {
            if (directories.containsKey(dir)) {
                return directories.get(dir);
            }
            ObjectId tree;
            if (dir.isEmpty()) {
                tree = commit.getTree();
            } else {
                int slash = dir.lastIndexOf('/');
                Map<String, ObjectId> parent = directory(slash < 0 ? "" : dir.substring(0, slash));
                tree = parent == null ? null : parent.get(dir.substring(slash + 1));
            }
            Map<String, ObjectId> entries = null;
            if (tree != null) {
                try (TreeWalk walk = new TreeWalk(reader)) {
                    walk.addTree(tree);
                    entries = new HashMap<>();
                    while (walk.next()) {
                        entries.put(walk.getNameString(), walk.getObjectId(0));
                    }
                } catch (IncorrectObjectTypeException e) {
                    entries = null; // a file where a directory was asked for
                }
            }
            directories.put(dir, entries);
            return entries;
        }

        /** Another commit of the same mirror, if this mirror has it (no fetch); close it when done. */
        public Optional<Snapshot> other(String commitId) {
            try {
                ObjectId id = find(repository, commitId);
                if (id == null) {
                    return Optional.empty();
                }
                try (RevWalk walk = new RevWalk(repository)) {
                    return Optional.of(new Snapshot(repository, walk.parseCommit(id)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read commit " + commitId, e);
            }
        }

        /** Paths that differ between {@code older} and this commit (added, modified, removed, both sides of a rename). */
        public Set<String> changedPathsSince(Snapshot older) {
            Set<String> paths = new HashSet<>();
            try (TreeWalk walk = new TreeWalk(repository)) {
                walk.addTree(older.commit().getTree());
                walk.addTree(commit.getTree());
                walk.setRecursive(true);
                walk.setFilter(TreeFilter.ANY_DIFF);
                while (walk.next()) {
                    paths.add(walk.getPathString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot compare " + older.commit().name() + " with " + commit.name(), e);
            }
            return paths;
        }

        @Override
        public void close() {
            reader.close();
        }
    }

    /** A repository or commit that is not there (asking again gives the same answer), with the URL and the reason. */
    public static class GitException extends RuntimeException {
        public GitException(String message) {
            super(message);
        }

        public GitException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The host could not be asked (unreachable, timed out, 5xx, authentication refused): asking later may work. */
    public static final class GitUnavailableException extends GitException {
        public GitUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
