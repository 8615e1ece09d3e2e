package dev.buildline.worker.build;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command from an argv list (never a shell): feeds its stdin from a writer on a second thread, hands every
 * line of stdout and stderr (merged) to a sink, and stops it the way DevSpace does: SIGINT, then SIGKILL after 2 s.
 */
public final class ProcessRunner {

    private static final Logger LOGGER = LoggerFactory.getLogger(ProcessRunner.class);
    static final long KILL_AFTER_MILLIS = 2000;

    private final Map<String, String> baseEnv;

    public ProcessRunner() {
        this(Map.of());
    }

    /** @param baseEnv added to every process's environment, under each call's own (e.g. KUBECONFIG in a pod) */
    public ProcessRunner(Map<String, String> baseEnv) {
        this.baseEnv = Map.copyOf(baseEnv);
    }

    /** Writes the process's stdin; the runner closes the stream afterwards. */
    @FunctionalInterface
    public interface StdinWriter {
        void write(OutputStream stdin) throws IOException;
    }

    /** A started process that can be waited for or stopped. */
    public static final class Running {
        private final Process process;
        private final Thread stdinThread;
        private final Thread outputThread;
        private volatile IOException stdinFailure;
        private volatile boolean stopped;

        private Running(Process process, StdinWriter stdin, Consumer<String> lines) {
            this.process = process;
            this.stdinThread = new Thread(() -> {
                try (OutputStream out = process.getOutputStream()) {
                    if (stdin != null) {
                        stdin.write(out);
                    }
                } catch (IOException e) {
                    // the process may exit before reading all of stdin; its exit code tells what happened
                    stdinFailure = e;
                }
            }, "stdin-" + process.pid());
            this.outputThread = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        lines.accept(line);
                    }
                } catch (IOException e) {
                    LOGGER.debug("output of process {} ended: {}", process.pid(), e.getMessage());
                }
            }, "output-" + process.pid());
            stdinThread.setDaemon(true);
            outputThread.setDaemon(true);
            stdinThread.start();
            outputThread.start();
        }

        /** Waits for the process and for all its output; returns the exit code. */
        public int waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            if (!process.waitFor(timeout, unit)) {
                stop();
                process.waitFor();
            }
            outputThread.join();
            stdinThread.join(1000);
            return process.exitValue();
        }

        /** SIGINT, then SIGKILL (process and children) when it is still alive after 2 s. */
        public void stop() {
            if (!process.isAlive()) {
                return;
            }
            stopped = true;
            try {
                new ProcessBuilder(List.of("kill", "-INT", Long.toString(process.pid())))
                        .redirectErrorStream(true).start().waitFor(1, TimeUnit.SECONDS);
                if (process.waitFor(KILL_AFTER_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (IOException e) {
                LOGGER.warn("cannot send SIGINT to {}: {}", process.pid(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        public boolean wasStopped() {
            return stopped;
        }

        public IOException stdinFailure() {
            return stdinFailure;
        }

        public long pid() {
            return process.pid();
        }
    }

    public Running start(List<String> argv, Map<String, String> extraEnv, StdinWriter stdin, Consumer<String> lines)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
        builder.environment().putAll(baseEnv);
        builder.environment().putAll(extraEnv);
        try {
            return new Running(builder.start(), stdin, lines);
        } catch (IOException e) {
            throw new IOException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }
}
