package dev.buildline.worker.build;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one command from an argv list (never a shell): feeds its stdin from a writer on a second thread, hands every
 * line of its output to a sink, and stops it the way DevSpace does: SIGINT, then SIGKILL (the process and every
 * process it started) after 2 s. A timeout holds however the command behaves: waiting is for the process, never for
 * its output to end, because a child that outlives it can keep the pipe open for ever. A process sees only the
 * environment {@link ChildEnvironment} gives it, never the worker's whole one.
 */
public final class ProcessRunner {

    private static final Logger LOGGER = LoggerFactory.getLogger(ProcessRunner.class);
    static final long KILL_AFTER_MILLIS = 2000;
    /** How long output still read after the process ended may take; a pipe held open longer is given up. */
    static final long OUTPUT_GRACE_MILLIS = 5000;
    private static final int MAX_CAPTURED_CHARS = 1 << 20;
    /** The most of one output line kept; the rest of a longer line is dropped (see {@link OutputLines}). */
    static final int MAX_LINE_CHARS = 16 * 1024;

    private final Map<String, String> workerEnv;
    private final Map<String, String> baseEnv;

    public ProcessRunner() {
        this(Map.of());
    }

    /** @param baseEnv added to every process's environment, under each call's own (e.g. KUBECONFIG in a pod) */
    public ProcessRunner(Map<String, String> baseEnv) {
        this(System.getenv(), baseEnv);
    }

    /**
     * @param workerEnv the worker's environment, of which a process gets only {@link ChildEnvironment#INHERITED}
     * @param baseEnv   added to every process's environment, under each call's own
     */
    public ProcessRunner(Map<String, String> workerEnv, Map<String, String> baseEnv) {
        this.workerEnv = Map.copyOf(workerEnv);
        this.baseEnv = Map.copyOf(baseEnv);
    }

    /** A variable of the worker's own environment, or null: where a granted secret's value comes from. */
    public String workerVariable(String name) {
        return workerEnv.get(name);
    }

    /** Writes the process's stdin; the runner closes the stream afterwards. */
    @FunctionalInterface
    public interface StdinWriter {
        void write(OutputStream stdin) throws IOException;
    }

    /** What a short command printed and how it ended; {@code timedOut} means it was stopped at its timeout. */
    public record Captured(int exitCode, boolean timedOut, String stdout, String stderr) {
    }

    /** The process stopped reading its stdin (it exited or closed it): not a failure of the writer. */
    private static final class StdinClosedException extends IOException {
        StdinClosedException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** A started process that can be waited for or stopped. */
    public static final class Running {
        private final Process process;
        private final Thread stdinThread;
        private final List<Thread> outputThreads = new ArrayList<>();
        private volatile Exception stdinFailure;
        private volatile boolean stopped;

        private Running(Process process, StdinWriter stdin, Consumer<String> lines, Consumer<String> errorLines) {
            this.process = process;
            this.stdinThread = new Thread(() -> feed(stdin), "stdin-" + process.pid());
            outputThreads.add(reader(process.getInputStream(), lines, "output-"));
            if (errorLines != null) {
                outputThreads.add(reader(process.getErrorStream(), errorLines, "stderr-"));
            }
            stdinThread.setDaemon(true);
            stdinThread.start();
            outputThreads.forEach(Thread::start);
        }

        /**
         * A failure of the writer (not the process closing its stdin) stops the process while its stdin is still
         * open, so it never takes a partial stream for a whole one.
         */
        private void feed(StdinWriter stdin) {
            OutputStream out = new FilterOutputStream(process.getOutputStream()) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    try {
                        this.out.write(bytes, offset, length);
                    } catch (IOException e) {
                        throw new StdinClosedException(e);
                    }
                }

                @Override
                public void flush() throws IOException {
                    try {
                        this.out.flush();
                    } catch (IOException e) {
                        throw new StdinClosedException(e);
                    }
                }
            };
            try {
                if (stdin != null) {
                    stdin.write(out);
                }
            } catch (StdinClosedException e) {
                // the process exited or stopped reading; its exit code tells what happened
                LOGGER.debug("process {} stopped reading its stdin: {}", process.pid(), e.getMessage());
            } catch (IOException | RuntimeException e) {
                stdinFailure = e;
                LOGGER.warn("writing the stdin of process {} failed, stopping it: {}", process.pid(), e.toString());
                stop();
            } finally {
                try {
                    out.close();
                } catch (IOException e) {
                    LOGGER.debug("stdin of process {} already closed: {}", process.pid(), e.getMessage());
                }
            }
        }

        private Thread reader(InputStream stream, Consumer<String> lines, String prefix) {
            Thread thread = new Thread(() -> {
                try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
                    OutputLines.read(reader, MAX_LINE_CHARS, lines);
                } catch (IOException e) {
                    LOGGER.debug("output of process {} ended: {}", process.pid(), e.getMessage());
                }
            }, prefix + process.pid());
            thread.setDaemon(true);
            return thread;
        }

        /**
         * Waits for the process, at most {@code timeout}; when it passes, the process is stopped (SIGINT, then
         * SIGKILL). Output is read a moment longer, never waited for without bound. Returns the exit code. A waiter
         * that is interrupted (a worker shutting down) stops the process before it gives up: nothing outlives the
         * wait that started it.
         */
        public int waitFor(long timeout, TimeUnit unit) throws InterruptedException {
            return waitFor(timeout, unit, 0, null);
        }

        /**
         * As {@link #waitFor(long, TimeUnit)}, and every {@code tickMillis} while the process runs, {@code tick} runs
         * on the waiting thread (a build flushes its log, so the lines before a quiet step reach the dashboard); no
         * thread is kept for it. A tick that throws stops the process before the exception goes on.
         */
        public int waitFor(long timeout, TimeUnit unit, long tickMillis, Runnable tick) throws InterruptedException {
            boolean ended;
            try {
                ended = awaitExit(unit.toNanos(timeout), TimeUnit.MILLISECONDS.toNanos(Math.max(1, tickMillis)), tick);
            } catch (InterruptedException | RuntimeException e) {
                stop();
                throw e;
            }
            if (!ended) {
                stop();
                process.waitFor(KILL_AFTER_MILLIS, TimeUnit.MILLISECONDS);
            }
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OUTPUT_GRACE_MILLIS);
            for (Thread thread : outputThreads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
                if (thread.isAlive()) {
                    LOGGER.warn("process {} ended but something it started still holds its output open; not read "
                            + "further", process.pid());
                }
            }
            stdinThread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            return process.isAlive() ? -1 : process.exitValue();
        }

        private boolean awaitExit(long timeoutNanos, long tickNanos, Runnable tick) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return !process.isAlive();
                }
                if (process.waitFor(tick == null ? left : Math.min(left, tickNanos), TimeUnit.NANOSECONDS)) {
                    return true;
                }
                if (tick != null) {
                    tick.run();
                }
            }
        }

        /** SIGINT, then SIGKILL (the process and everything it started) when it is still alive after 2 s. */
        public void stop() {
            if (!process.isAlive()) {
                return;
            }
            stopped = true;
            // taken now: once the process is gone its children belong to init and are no longer its descendants
            List<ProcessHandle> family = process.descendants().toList();
            try {
                // Java can only send SIGTERM and SIGKILL; the shell's own kill needs no procps package, which a slim
                // base image may lack (then SIGKILL would come at once). The pid is an argument, never script text.
                ProcessBuilder kill = new ProcessBuilder(List.of("sh", "-c", "kill -INT \"$1\"", "sh",
                        Long.toString(process.pid()))).redirectErrorStream(true);
                kill.environment().keySet().retainAll(List.of("PATH"));
                kill.start().waitFor(1, TimeUnit.SECONDS);
                process.waitFor(KILL_AFTER_MILLIS, TimeUnit.MILLISECONDS);
            } catch (IOException e) {
                LOGGER.warn("cannot send SIGINT to {}: {}", process.pid(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }

        public boolean wasStopped() {
            return stopped;
        }

        /** Why writing stdin failed (and the process was stopped for it), or null. */
        public Exception stdinFailure() {
            return stdinFailure;
        }

        public long pid() {
            return process.pid();
        }
    }

    public Running start(List<String> argv, Map<String, String> extraEnv, StdinWriter stdin, Consumer<String> lines)
            throws IOException {
        return new Running(launch(argv, extraEnv, true), stdin, lines, null);
    }

    /**
     * Runs a short command with an empty stdin and returns what it printed (stdout and stderr apart, each capped),
     * within {@code timeout} however it behaves: past it, the command is stopped and reported as timed out.
     */
    public Captured run(List<String> argv, Map<String, String> extraEnv, Duration timeout)
            throws IOException, InterruptedException {
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        Running running = new Running(launch(argv, extraEnv, false), null, capped(stdout), capped(stderr));
        int exit = running.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        synchronized (stdout) {
            synchronized (stderr) {
                return new Captured(exit, running.wasStopped(), stdout.toString(), stderr.toString());
            }
        }
    }

    private static Consumer<String> capped(StringBuilder text) {
        return line -> {
            synchronized (text) {
                if (text.length() < MAX_CAPTURED_CHARS) {
                    text.append(line).append('\n');
                }
            }
        };
    }

    private Process launch(List<String> argv, Map<String, String> extraEnv, boolean mergeStderr)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(mergeStderr);
        builder.environment().clear();
        builder.environment().putAll(ChildEnvironment.of(workerEnv, baseEnv, extraEnv));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new IOException("cannot start " + argv.get(0) + ": " + e.getMessage(), e);
        }
    }
}
