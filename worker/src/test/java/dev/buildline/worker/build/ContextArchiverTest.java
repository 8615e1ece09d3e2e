package dev.buildline.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.git.GitMirror;
import dev.buildline.common.plan.ContextLayout;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
    void aStopEndsTheWriteBeforeItsNextEntryAndItsThreadFinishes() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            files.put("app/f" + i + ".txt", "file " + i + "\n");
        }
        String commit = commit(files);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger asked = new AtomicInteger();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        GitMirror mirror = new GitMirror(temp.resolve("mirror"), null, null);

        Thread writer = new Thread(() -> {
            try (GitMirror.Snapshot snapshot = mirror.snapshot(temp.resolve("repo").toUri().toString(), commit)) {
                // the 100th entry is being matched when the build is cancelled
                new ContextArchiver().write(snapshot, ContextLayout.of("", "app", "app/f0.txt"), path -> {
                    if (asked.incrementAndGet() == 100) {
                        stop.set(true);
                    }
                    return false;
                }, OutputStream.nullOutputStream(), Map.of(), stop::get);
            } catch (Throwable e) {
                ended.set(e);
            }
        }, "stdin-test");
        writer.start();
        writer.join(60_000);

        assertThat(writer.isAlive()).isFalse();
        assertThat(ended.get()).isInstanceOf(ContextWriter.ContextStoppedException.class)
                .hasMessage("the build stopped while its context was written (100 entries in)");
        assertThat(asked).as("no entry after the stop was looked at").hasValue(100);
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
    void aReplacedDockerfileCarriesTheEditedBytesAndTheRepositoryKeepsItsOwn() throws Exception {
        String commit = commit(Map.of("app/Dockerfile", "FROM scratch\n", "app/a", "a\n"));
        ContextLayout layout = ContextLayout.of("", "app", "app/Dockerfile");
        Map<String, String> contents = new LinkedHashMap<>();

        Map<String, TarArchiveEntry> entries = archive(commit, layout, path -> false,
                Map.of("Dockerfile", "FROM scratch\nCMD [\"x\"]\n".getBytes(StandardCharsets.UTF_8)), contents);

        assertThat(entries).containsOnlyKeys("Dockerfile", "a");
        assertThat(contents.get("Dockerfile")).isEqualTo("FROM scratch\nCMD [\"x\"]\n");
        assertThat(Files.readString(temp.resolve("repo/app/Dockerfile"))).isEqualTo("FROM scratch\n");
    }

    @Test
    void aReplacedDockerfileFromOutsideTheContextGoesUnderItsGeneratedName() throws Exception {
        String commit = commit(Map.of("docker/app.Dockerfile", "FROM scratch\n", "app/a", "a\n"));
        ContextLayout layout = ContextLayout.of("", "app", "docker/app.Dockerfile");
        Map<String, String> contents = new LinkedHashMap<>();

        Map<String, TarArchiveEntry> entries = archive(commit, layout, path -> false,
                Map.of(layout.fileInContext(), "edited\n".getBytes(StandardCharsets.UTF_8)), contents);

        assertThat(entries).containsOnlyKeys("a", layout.fileInContext());
        assertThat(contents.get(layout.fileInContext())).isEqualTo("edited\n");
    }

    @Test
    void aReplacementTheWalkDidNotWriteIsAdded() throws Exception {
        String commit = commit(Map.of("Dockerfile", "FROM scratch\n", "a", "a\n"));
        Map<String, String> contents = new LinkedHashMap<>();

        Map<String, TarArchiveEntry> entries = archive(commit, ContextLayout.of("", ".", "Dockerfile"),
                path -> path.equals("Dockerfile"), Map.of("Dockerfile", "edited\n".getBytes(StandardCharsets.UTF_8)),
                contents);

        assertThat(entries).containsOnlyKeys("a", "Dockerfile");
        assertThat(contents.get("Dockerfile")).isEqualTo("edited\n");
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
        return archive(commit, layout, excluded, Map.of(), new LinkedHashMap<>());
    }

    private Map<String, TarArchiveEntry> archive(String commit, ContextLayout layout,
                                                 java.util.function.Predicate<String> excluded,
                                                 Map<String, byte[]> replacements, Map<String, String> contents)
            throws Exception {
        GitMirror mirror = new GitMirror(temp.resolve("mirror"), null, null);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (GitMirror.Snapshot snapshot = mirror.snapshot(temp.resolve("repo").toUri().toString(), commit)) {
            new ContextArchiver().write(snapshot, layout, excluded, tar, replacements, () -> false);
        }
        Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), entry);
                contents.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
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
