package dev.buildline.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Process handling only (argv, stdin, output, stopping), with sh as the stand-in; real builds: BuildRunnerIT. */
class ProcessRunnerTest {

    @TempDir
    Path temp;

    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void feedsStdinAndPassesArgvAndEnvWithoutAShell() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();

        ProcessRunner.Running running = runner.start(
                List.of("sh", "-c", "echo \"arg=$0 env=$BUILDLINE_X\"; cat", "$(touch /tmp/never); `id`"),
                Map.of("BUILDLINE_X", "a=b"), stdin -> stdin.write("from stdin\n".getBytes(StandardCharsets.UTF_8)),
                lines::add);

        assertThat(running.waitFor(10, TimeUnit.SECONDS)).isZero();
        assertThat(lines).containsExactly("arg=$(touch /tmp/never); `id` env=a=b", "from stdin");
    }

    @Test
    void givesEveryProcessTheWorkersEnvironmentUnderThePlansOwn() throws Exception {
        // the worker's KUBECONFIG (a pod's generated one) reaches buildx; a plan's own value (minikube's env) wins
        ProcessRunner withKubeconfig = new ProcessRunner(Map.of("KUBECONFIG", "/home/buildline/.kube/in-cluster",
                "DOCKER_HOST", "unix:///worker.sock"));
        List<String> lines = new CopyOnWriteArrayList<>();

        ProcessRunner.Running running = withKubeconfig.start(List.of("sh", "-c", "echo \"$KUBECONFIG $DOCKER_HOST\""),
                Map.of("DOCKER_HOST", "tcp://192.168.49.2:2376"), null, lines::add);

        assertThat(running.waitFor(10, TimeUnit.SECONDS)).isZero();
        assertThat(lines).containsExactly("/home/buildline/.kube/in-cluster tcp://192.168.49.2:2376");
    }

    @Test
    void aProcessSeesNoneOfTheWorkersOtherVariables() throws Exception {
        ProcessRunner worker = new ProcessRunner(Map.of("PATH", System.getenv("PATH"), "HOME", "/home/buildline",
                "BUILDLINE_GIT_TOKEN", "git-token", "BUILDLINE_REQUEST_KEY", "request-key",
                "AWS_SECRET_ACCESS_KEY", "aws-key"), Map.of());
        List<String> lines = new CopyOnWriteArrayList<>();

        ProcessRunner.Running running = worker.start(List.of("env"), Map.of("DOCKER_HOST", "unix:///minikube.sock"),
                null, lines::add);

        assertThat(running.waitFor(10, TimeUnit.SECONDS)).isZero();
        assertThat(lines).containsExactlyInAnyOrder("PATH=" + System.getenv("PATH"), "HOME=/home/buildline",
                "DOCKER_HOST=unix:///minikube.sock");
    }

    @Test
    void reportsTheExitCode() throws Exception {
        ProcessRunner.Running running = runner.start(List.of("sh", "-c", "exit 7"), Map.of(), null, line -> { });

        assertThat(running.waitFor(10, TimeUnit.SECONDS)).isEqualTo(7);
    }

    @Test
    void stopSendsSigintFirst() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessRunner.Running running = runner.start(
                // perl (Essential on Debian) installs its handler even when SIGINT was ignored on entry, as buildx's
                // Go runtime does; a shell may not trap a signal it inherited as ignored (a background job's SIGINT)
                List.of("perl", "-e", "$| = 1; $SIG{INT} = sub { print \"got INT\\n\"; exit 130 }; "
                        + "print \"ready\\n\"; sleep 1 while 1;"),
                Map.of(), null, lines::add);
        awaitLine(lines, "ready");

        running.stop();

        assertThat(running.waitFor(10, TimeUnit.SECONDS)).isEqualTo(130);
        assertThat(lines).contains("got INT");
        assertThat(running.wasStopped()).isTrue();
    }

    @Test
    void stopKillsAProcessThatIgnoresSigintAfterTwoSeconds() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        ProcessRunner.Running running = runner.start(
                List.of("sh", "-c", "trap '' INT; echo ready; while true; do sleep 0.1; done"),
                Map.of(), null, lines::add);
        awaitLine(lines, "ready");
        long start = System.nanoTime();

        running.stop();

        int exit = running.waitFor(10, TimeUnit.SECONDS);
        assertThat(exit).isEqualTo(137);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(ProcessRunner.KILL_AFTER_MILLIS);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a guard against the hang itself, not a speed target
    void aChildThatOutlivesTheCommandAndHoldsItsOutputDoesNotHoldTheWait() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        Path child = temp.resolve("child.pid");
        ProcessRunner.Running running = runner.start(
                List.of("sh", "-c", "sleep 600 & echo $! > " + child + "; echo parent done"), Map.of(), null,
                lines::add);

        assertThat(running.waitFor(10, TimeUnit.SECONDS)).isZero();

        assertThat(lines).contains("parent done");
        ProcessHandle.of(Long.parseLong(Files.readString(child).strip())).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aHungCommandHoldingItsStdoutOpenIsKilledAtItsTimeoutWithWhatItPrinted() throws Exception {
        Path child = temp.resolve("hung.pid");
        ProcessRunner.Captured captured = runner.run(List.of("sh", "-c",
                        "trap '' INT; echo 'Client: Docker Engine'; echo 'waiting for the daemon' >&2; "
                                + "sleep 600 & echo $! > " + child + "; wait"),
                Map.of(), Duration.ofSeconds(1));

        assertThat(captured.timedOut()).isTrue();
        assertThat(captured.stdout()).isEqualTo("Client: Docker Engine\n");
        assertThat(captured.stderr()).isEqualTo("waiting for the daemon\n");
        long pid = Long.parseLong(Files.readString(child).strip());
        org.awaitility.Awaitility.await("the child holding stdout, killed").atMost(Duration.ofSeconds(20))
                .until(() -> ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true));
    }

    @Test
    void aFailingStdinWriterStopsTheProcessBeforeItSeesTheEndOfItsInput() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        // the stand-in reads stdin to its end and only then says it got all of it, as buildx takes a context
        ProcessRunner.Running running = runner.start(List.of("sh", "-c", "cat >/dev/null; echo took the input"),
                Map.of(), stdin -> {
                    stdin.write("first entry\n".getBytes(StandardCharsets.UTF_8));
                    stdin.flush();
                    throw new java.io.UncheckedIOException(new java.io.IOException("object store read error"));
                }, lines::add);

        int exit = running.waitFor(30, TimeUnit.SECONDS);

        assertThat(running.stdinFailure()).hasMessageContaining("object store read error");
        assertThat(running.wasStopped()).isTrue();
        assertThat(exit).isNotZero();
        assertThat(lines).doesNotContain("took the input");
    }

    @Test
    void aLineWithoutAnEndIsCutAtTheCapAndSaysHowMuchWasDropped() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        // a megabyte with no newline, as a command that dumps a binary blob prints it
        ProcessRunner.Running running = runner.start(
                List.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' a; echo; echo after"), Map.of(), null,
                lines::add);

        assertThat(running.waitFor(30, TimeUnit.SECONDS)).isZero();

        int kept = ProcessRunner.MAX_LINE_CHARS;
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("a".repeat(kept) + " [")
                .endsWith(" [buildline: line cut at " + kept + " characters, " + (1_000_000 - kept) + " more dropped]");
        assertThat(lines.get(1)).isEqualTo("after");
    }

    @Test
    void linesEndAtCarriageReturnsAsWellAsNewlines() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();

        ProcessRunner.Running running = runner.start(List.of("printf", "one\r\ntwo\rthree\nlast"), Map.of(), null,
                lines::add);

        assertThat(running.waitFor(10, TimeUnit.SECONDS)).isZero();
        assertThat(lines).containsExactly("one", "two", "three", "last");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aWaiterThatIsInterruptedStopsItsProcessFirst() throws Exception {
        // a worker shutting down interrupts its build threads; the command they waited for must not live on
        Path pid = temp.resolve("interrupted.pid");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                runner.run(List.of("sh", "-c", "echo $$ > " + pid + "; exec sleep 600"), Map.of(),
                        Duration.ofMinutes(10));
            } catch (Exception e) {
                thrown.set(e);
            }
        });
        waiter.start();
        org.awaitility.Awaitility.await("the command's pid").atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
        long process = Long.parseLong(Files.readString(pid).strip());

        waiter.interrupt();
        waiter.join();

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(ProcessHandle.of(process).map(ProcessHandle::isAlive).orElse(false)).as("sleep 600 still running")
                .isFalse();
    }

    @Test
    void aWaitRunsItsTickOnTheWaitingThreadWhileTheProcessIsQuiet() throws Exception {
        List<String> ticks = new CopyOnWriteArrayList<>();
        ProcessRunner.Running running = runner.start(List.of("sh", "-c", "sleep 1; echo woke"), Map.of(), null,
                line -> { });

        int exit = running.waitFor(30, TimeUnit.SECONDS, 100, () -> ticks.add(Thread.currentThread().getName()));

        assertThat(exit).isZero();
        assertThat(ticks).isNotEmpty().containsOnly(Thread.currentThread().getName());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aTickThatThrowsStopsTheProcessBeforeTheFailureGoesOn() throws Exception {
        Path pid = temp.resolve("tick.pid");
        ProcessRunner.Running running = runner.start(List.of("sh", "-c", "echo $$ > " + pid + "; exec sleep 600"),
                Map.of(), null, line -> { });

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> running.waitFor(10, TimeUnit.MINUTES, 50, () -> {
            if (Files.exists(pid)) {
                throw new IllegalStateException("the log could not be flushed");
            }
        })).hasMessage("the log could not be flushed");

        assertThat(running.wasStopped()).isTrue();
        long process = Long.parseLong(Files.readString(pid).strip());
        assertThat(ProcessHandle.of(process).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    private static void awaitLine(List<String> lines, String line) throws InterruptedException {
        for (int i = 0; i < 100 && !lines.contains(line); i++) {
            Thread.sleep(50);
        }
        assertThat(lines).contains(line);
    }
}
