package dev.buildline.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.git.GitMirror;
import dev.buildline.common.plan.ContextLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextArchiverTest {

    @TempDir
    Path temp;

    @Test
    void archivesTheContextSubtreeOwnedByRootWithoutIgnoredFiles() throws Exception {
        String commit = commit(Map.of(
                "backend/Dockerfile", "FROM scratch\n",
                "backend/src/main.go", "package main\n",
                "backend/secret.env", "TOKEN=x\n",
                "frontend/index.html", "<html>\n"));

        Map<String, TarArchiveEntry> entries = archive(commit, ContextLayout.of("", "backend", "backend/Dockerfile"),
                path -> path.endsWith(".env"));

        assertThat(entries).containsOnlyKeys("Dockerfile", "src/main.go");
        assertThat(entries.values()).allSatisfy(entry -> {
            assertThat(entry.getLongUserId()).isZero();
            assertThat(entry.getLongGroupId()).isZero();
        });
    }

    @Test
    void addsADockerfileFromOutsideTheContextUnderItsGeneratedName() throws Exception {
        String commit = commit(Map.of("docker/app.Dockerfile", "FROM scratch\nCOPY a /a\n", "app/a", "a\n"));
        ContextLayout layout = ContextLayout.of("", "app", "docker/app.Dockerfile");

        Map<String, TarArchiveEntry> entries = archive(commit, layout, path -> false);

        assertThat(layout.fileInContext()).matches("\\.dockerfile\\.[0-9a-f]{20}");
        assertThat(entries).containsOnlyKeys("a", layout.fileInContext());
    }

    @Test
    void keepsEverySymlinkAsALinkAndEveryEntryAfterIt() throws Exception {
        // the reproduction of issue 11: links out of the repository used to end the tar where they stood
        String commit = commit(Map.of("app/Dockerfile", "FROM scratch\nCOPY . /\n", "app/a.txt", "a\n",
                "app/z.txt", "z\n", "app/sub/inside.txt", "inside\n"), Map.of(
                "app/evil", "/etc/passwd",
                "app/up", "../../../../etc/hostname",
                "app/link-inside", "sub/inside.txt"));

        Map<String, TarArchiveEntry> entries = archive(commit, ContextLayout.of("", ".", "app/Dockerfile"),
                path -> false);

        assertThat(entries).containsOnlyKeys("app/Dockerfile", "app/a.txt", "app/evil", "app/link-inside",
                "app/sub/inside.txt", "app/up", "app/z.txt");
        assertThat(entries.get("app/evil").isSymbolicLink()).isTrue();
        assertThat(entries.get("app/evil").getLinkName()).isEqualTo("/etc/passwd");
        assertThat(entries.get("app/up").getLinkName()).isEqualTo("../../../../etc/hostname");
        assertThat(entries.get("app/link-inside").getLinkName()).isEqualTo("sub/inside.txt");
        assertThat(entries.get("app/z.txt").isFile()).isTrue();
        assertThat(entries.get("app/z.txt").getSize()).isEqualTo(2);
    }

    private Map<String, TarArchiveEntry> archive(String commit, ContextLayout layout,
                                                 java.util.function.Predicate<String> excluded) throws Exception {
        GitMirror mirror = new GitMirror(temp.resolve("mirror"), null, null);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (GitMirror.Snapshot snapshot = mirror.snapshot(temp.resolve("repo").toUri().toString(), commit)) {
            new ContextArchiver().write(snapshot, layout, excluded, tar);
        }
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), entry);
            }
        }
        return entries;
    }

    private String commit(Map<String, String> files) throws Exception {
        return commit(files, Map.of());
    }

    /** @param links symlink path → its target, committed as git stores links */
    private String commit(Map<String, String> files, Map<String, String> links) throws Exception {
        Path repo = temp.resolve("repo");
        try (Git git = Git.init().setDirectory(repo.toFile()).call()) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = repo.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, String> link : links.entrySet()) {
                Path path = repo.resolve(link.getKey());
                Files.createDirectories(path.getParent());
                Files.createSymbolicLink(path, Path.of(link.getValue()));
            }
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("t", "t@example.com");
            return git.commit().setMessage("files").setAuthor(who).setCommitter(who).call().name();
        }
    }
}
