package dev.buildline.worker.build;

import dev.buildline.git.GitMirror;
import dev.buildline.common.plan.ContextLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * Streams an image's build context straight from a git commit as a tar (what buildx reads from stdin): files owned by
 * uid/gid 0, modes from git, symlinks kept as links whatever they point at (as {@code docker build} sends them; BuildKit
 * resolves a link inside the context, so one aiming out of the repository reaches nothing outside it), paths relative
 * to the context, ignored paths left out, and a Dockerfile from outside the context added under its generated name.
 * Entries named in {@code replacements} carry the given bytes instead of the commit's (DevSpace's edited Dockerfile),
 * and are added when the walk did not write them, as DevSpace's ReplaceFileTarWrapper does.
 */
public final class ContextArchiver implements ContextWriter {

    public long write(GitMirror.Snapshot snapshot, ContextLayout layout, Predicate<String> excluded, OutputStream out)
            throws IOException {
        return write(snapshot, layout, excluded, out, Map.of(), () -> false);
    }

    @Override
    public long write(GitMirror.Snapshot snapshot, ContextLayout layout, Predicate<String> excluded, OutputStream out,
                      Map<String, byte[]> replacements, BooleanSupplier stopped) throws IOException {
        Set<String> replaced = new HashSet<>();
        Repository repository = snapshot.repository();
        long entries = 0;
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        try (TreeWalk walk = new TreeWalk(repository)) {
            walk.addTree(snapshot.commit().getTree());
            walk.setRecursive(true);
            String contextDir = layout.contextDir();
            if (!contextDir.isEmpty()) {
                walk.setFilter(PathFilter.create(contextDir));
            }
            String prefix = contextDir.isEmpty() ? "" : contextDir + "/";
            while (walk.next()) {
                if (stopped.getAsBoolean()) {
                    throw new ContextStoppedException(entries);
                }
                String path = walk.getPathString();
                if (!path.startsWith(prefix)) {
                    continue;
                }
                String relative = path.substring(prefix.length());
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.GITLINK || excluded.test(relative)) {
                    continue;
                }
                if (replacements.containsKey(relative) && replaced.add(relative)) {
                    file(tar, relative, mode == FileMode.EXECUTABLE_FILE ? 0755 : 0644, replacements.get(relative));
                    entries++;
                    continue;
                }
                ObjectLoader blob = repository.open(walk.getObjectId(0));
                if (mode == FileMode.SYMLINK) {
                    // as docker build sends it: a link, whatever it points at; BuildKit resolves it inside the context
                    String target = new String(blob.getBytes(), StandardCharsets.UTF_8);
                    TarArchiveEntry link = entry(relative, TarArchiveEntry.LF_SYMLINK, 0777);
                    link.setLinkName(target);
                    tar.putArchiveEntry(link);
                } else {
                    TarArchiveEntry file = entry(relative, TarArchiveEntry.LF_NORMAL,
                            mode == FileMode.EXECUTABLE_FILE ? 0755 : 0644);
                    file.setSize(blob.getSize());
                    tar.putArchiveEntry(file);
                    blob.copyTo(tar);
                }
                tar.closeArchiveEntry();
                entries++;
            }
        }
        if (layout.dockerfileInjected() && !replacements.containsKey(layout.fileInContext())) {
            byte[] dockerfile = snapshot.readFile(layout.dockerfilePath()).orElseThrow(() ->
                    new IOException("Dockerfile " + layout.dockerfilePath() + " not found at " + snapshot.commit().name()));
            file(tar, layout.fileInContext(), 0644, dockerfile);
            entries++;
        }
        for (Map.Entry<String, byte[]> replacement : replacements.entrySet()) {
            if (!replaced.contains(replacement.getKey())) {
                file(tar, replacement.getKey(), 0644, replacement.getValue());
                entries++;
            }
        }
        tar.finish();
        tar.flush();
        return entries;
    }

    private static void file(TarArchiveOutputStream tar, String name, int mode, byte[] content) throws IOException {
        TarArchiveEntry file = entry(name, TarArchiveEntry.LF_NORMAL, mode);
        file.setSize(content.length);
        tar.putArchiveEntry(file);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, byte type, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type);
        entry.setMode(type == TarArchiveEntry.LF_SYMLINK ? 0120777 : 0100000 | mode);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("root");
        entry.setGroupName("root");
        entry.setModTime(0);
        return entry;
    }
}
