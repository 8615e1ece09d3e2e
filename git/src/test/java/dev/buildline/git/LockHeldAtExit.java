package dev.buildline.git;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.LockFile;

/**
 * A process that stops (System.exit, as SIGTERM does) while a git operation on its mirror holds a lock, and whose own
 * shutdown hook, as a worker's drain does, finishes that operation after every other hook has run. Prints
 * {@code committed} or {@code failed: <why>}. Args: cache directory, repository URL, commit.
 */
final class LockHeldAtExit {

    public static void main(String[] args) throws Exception {
        GitMirror mirror = new GitMirror(Path.of(args[0]), null, null);
        mirror.snapshot(args[1], args[2]).close();
        Path gitDir;
        try (Stream<Path> dirs = Files.list(Path.of(args[0]))) {
            gitDir = dirs.filter(dir -> dir.toString().endsWith(".git")).findFirst().orElseThrow();
        }
        // what a fetch or a mirror's creation holds while it writes: the lock beside the file it replaces
        LockFile head = new LockFile(gitDir.resolve("HEAD").toFile());
        if (!head.lock()) {
            throw new IllegalStateException("HEAD is locked already");
        }
        List<Thread> otherHooks = registeredHooks();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            String result;
            try {
                for (Thread hook : otherHooks) {
                    hook.join();
                }
                head.write("ref: refs/heads/main\n".getBytes(StandardCharsets.UTF_8));
                result = head.commit() ? "committed" : "failed: not committed";
            } catch (Exception | Error e) {
                result = "failed: " + e.getMessage();
            }
            System.out.println(result);
            System.out.flush();
        }));
        System.exit(0);
    }

    /** The shutdown hooks registered so far (the JDK keeps them in ApplicationShutdownHooks.hooks). */
    @SuppressWarnings("unchecked")
    private static List<Thread> registeredHooks() throws ReflectiveOperationException {
        Field hooks = Class.forName("java.lang.ApplicationShutdownHooks").getDeclaredField("hooks");
        hooks.setAccessible(true);
        synchronized (Class.forName("java.lang.ApplicationShutdownHooks")) {
            return new ArrayList<>(((Map<Thread, Thread>) hooks.get(null)).keySet());
        }
    }

    private LockHeldAtExit() {
    }
}
