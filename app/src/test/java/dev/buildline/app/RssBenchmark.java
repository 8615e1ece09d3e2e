package dev.buildline.app;

import dev.buildline.app.kafka.TopicSetup;
import dev.buildline.common.messages.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.util.FileUtils;

/**
 * Resident memory of the coordinator and the worker as separate processes ({@code buildline coordinator} and
 * {@code buildline worker} started through the launcher, {@code java <flags> -cp <this classpath> dev.buildline.app.Main},
 * against an embedded broker in this JVM): idle {@code bench.idleSeconds} after both are up, then the highest VmRSS
 * (from /proc/PID/status, sampled every 100 ms) while {@code bench.senders} threads send {@code bench.webhooks} signed
 * 3-image pushes over HTTP/1.1 to the coordinator. The worker builds what arrives (real buildx into 127.0.0.1:5000),
 * so its figure under load is a worker building at its default concurrency. JVM flags: {@code bench.coordinatorJvm}
 * and {@code bench.workerJvm} (default {@code -Xmx128m -XX:+UseSerialGC} each).
 *
 * <p>With {@code bench.rssIn=images} ({@code scripts/bench.sh rss-images}, which builds the jar and the images first)
 * the two run as deployed instead: the coordinator and worker images of the Dockerfile, on the host network, with
 * the image's own JVM flags (its entrypoint sizes the heap from the container's memory limit) under
 * {@code docker run --memory} of {@code bench.coordinatorMemory} and {@code bench.workerMemory} (default 768m and 1g,
 * the limits of k8s/base), the worker on the host's Docker socket. VmRSS is then the container's java process (its
 * PID 1) read from the host's /proc.
 */
final class RssBenchmark {

    private static final String ZEROS = "0".repeat(40);
    private static final long COORDINATOR_TARGET_MB = 256;
    private static final long WORKER_TARGET_MB = 192;
    private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RssBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int webhooks = Integer.getInteger("bench.webhooks", 400);
        int senders = Integer.getInteger("bench.senders", 16);
        int idleSeconds = Integer.getInteger("bench.idleSeconds", 10);
        boolean images = System.getProperty("bench.rssIn", "processes").equals("images");
        String coordinatorMemory = System.getProperty("bench.coordinatorMemory", "768m");
        String workerMemory = System.getProperty("bench.workerMemory", "1g");
        String coordinatorFlags = images ? "image's flags, --memory " + coordinatorMemory
                : System.getProperty("bench.coordinatorJvm", "-Xmx128m -XX:+UseSerialGC");
        String workerFlags = images ? "image's flags, --memory " + workerMemory
                : System.getProperty("bench.workerJvm", "-Xmx128m -XX:+UseSerialGC");
        Path dir = Files.createTempDirectory("buildline-rss-bench");
        Launched coordinator = null;
        Launched worker = null;
        try (TestBroker kafka = TestBroker.start(dir.resolve("kafka"), 0);
             TestRepo repo = TestRepo.create(Deployments.readableByContainers(dir, "repos").resolve("repo"))) {
            String bootstrap = "127.0.0.1:" + kafka.port();
            TopicSetup.ensure(bootstrap, Topics.defaults(), 3, (short) 1);
            int port = freePort();
            // a benchmark on this machine: the API it reads is open on purpose, and on loopback alone
            Map<String, String> env = Map.of("BUILDLINE_KAFKA_BOOTSTRAP", bootstrap,
                    "BUILDLINE_WEBHOOK_SECRET", TestStack.SECRET, "BUILDLINE_ALLOWED_REPOS", repo.url(),
                    "BUILDLINE_REQUEST_KEY", Requests.KEY_TEXT,
                    "BUILDLINE_ALLOWED_IMAGES", BuildHost.REGISTRY + "/buildline-it/",
                    "BUILDLINE_LOG_LEVEL", "WARN", "BUILDLINE_INSECURE_OPEN_API", "true",
                    "BUILDLINE_HTTP_HOST", "127.0.0.1");
            if (images) {
                Path repos = dir.resolve("repos");
                coordinator = Container.run(Deployments.COORDINATOR_IMAGE, coordinatorMemory, env, repos,
                        List.of("-e", "BUILDLINE_HTTP_PORT=" + port), "coordinator");
                worker = Container.run(Deployments.WORKER_IMAGE, workerMemory, env, repos,
                        List.of("-e", "BUILDLINE_WORKER_HTTP_PORT=" + freePort(),
                                "--group-add", String.valueOf(Deployments.dockerSocketGroup()),
                                "-v", "/var/run/docker.sock:/var/run/docker.sock"), "worker");
            } else {
                coordinator = launch(coordinatorFlags, env, dir.resolve("coordinator.log"), "coordinator",
                        "--http-port", String.valueOf(port), "--data", dir.resolve("coordinator").toString());
                worker = launch(workerFlags, env, dir.resolve("worker.log"), "worker", "--data",
                        dir.resolve("worker").toString());
            }
            repo.commit("monorepo", IntakeIT.monorepo("bench-rss", 3));
            List<String[]> pushes = new ArrayList<>();
            for (int i = 0; i < webhooks; i++) {
                String commit = repo.commit("change " + i, Map.of("services/s" + (i % 3) + "/app.txt", "c" + i));
                String body = Webhooks.pushPayload(repo.url(), "bench/rss", "refs/heads/rss-" + i, ZEROS, commit);
                pushes.add(new String[] {body, Webhooks.sign(TestStack.SECRET, body)});
            }
            awaitHttp(port, coordinator);
            Thread.sleep(idleSeconds * 1000L);
            long coordinatorPid = coordinator.pid();
            long workerPid = worker.pid();
            long coordinatorIdle = rssKb(coordinatorPid);
            long workerIdle = rssKb(workerPid);

            long[] peak = new long[2];
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        peak[0] = Math.max(peak[0], rssKb(coordinatorPid));
                        peak[1] = Math.max(peak[1], rssKb(workerPid));
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        throw new IllegalStateException("cannot read a process's RSS", e);
                    }
                }
            }, "bench-rss-sampler");
            sampler.start();
            long start = System.nanoTime();
            send(port, pushes, senders);
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();
            sampler.join();

            System.out.printf("%nRSS benchmark: coordinator (%s) and worker (%s) as %s; idle after %d s, then"
                    + " peak while %d senders sent %d 3-image pushes over HTTP/1.1 (%.1f webhooks/s)%n",
                    coordinatorFlags, workerFlags, images ? "containers" : "processes", idleSeconds, senders, webhooks,
                    webhooks / seconds);
            System.out.printf("%-30s %12s %12s%n", "process", "idle MB", "load MB");
            System.out.printf("%-30s %12d %12d%n", "coordinator", coordinatorIdle / 1024, peak[0] / 1024);
            System.out.printf("%-30s %12d %12d%n", "worker", workerIdle / 1024, peak[1] / 1024);
            System.out.println();
            System.out.println(Summary.HEADER);
            String in = images ? " (image)" : "";
            Summary.row("coordinator RSS under intake load" + in + ", MB", String.valueOf(peak[0] / 1024),
                    coordinatorIdle / 1024 + " idle", peak[0] / 1024.0 / COORDINATOR_TARGET_MB,
                    "<= " + COORDINATOR_TARGET_MB + " MB (ratio: to target)");
            Summary.row("worker RSS idle" + in + ", MB", String.valueOf(workerIdle / 1024), peak[1] / 1024 + " load",
                    workerIdle / 1024.0 / WORKER_TARGET_MB, "<= " + WORKER_TARGET_MB + " MB (ratio: to target)");
        } finally {
            for (Launched launched : Arrays.asList(coordinator, worker)) {
                if (launched != null) {
                    launched.stop();
                }
            }
            FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.RETRY | FileUtils.SKIP_MISSING);
        }
    }

    /** A coordinator or worker this benchmark started: a process of its own or a container. */
    private interface Launched {
        long pid() throws Exception;

        /** Throws, with what it printed, when it is no longer running. */
        void checkAlive() throws Exception;

        void stop() throws Exception;
    }

    private record Local(Process process, Path log) implements Launched {
        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public void checkAlive() throws IOException {
            if (!process.isAlive()) {
                throw new IllegalStateException("it exited " + process.exitValue() + ": " + Files.readString(log));
            }
        }

        @Override
        public void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private record Container(String name) implements Launched {
        /** {@code docker run} of {@code image command} on the host network, {@code repos} mounted read-only. */
        static Container run(String image, String memory, Map<String, String> env, Path repos, List<String> options,
                String command) throws Exception {
            String name = "buildline-rss-bench-" + command + "-" + ProcessHandle.current().pid();
            List<String> argv = new ArrayList<>(List.of("run", "-d", "--name", name, "--network", "host",
                    "--memory", memory, "-v", repos + ":" + repos + ":ro"));
            env.forEach((key, value) -> argv.addAll(List.of("-e", key + "=" + value)));
            argv.addAll(options);
            argv.addAll(List.of(image, command));
            Deployments.docker(argv.toArray(String[]::new)).ok();
            return new Container(name);
        }

        @Override
        public long pid() throws Exception {
            return Long.parseLong(Deployments.docker("inspect", "-f", "{{.State.Pid}}", name).ok().output().strip());
        }

        @Override
        public void checkAlive() throws Exception {
            String state = Deployments.docker("inspect", "-f", "{{.State.Status}}", name).output().strip();
            if (!state.equals("running")) {
                throw new IllegalStateException(name + " is " + state + ":\n"
                        + Deployments.docker("logs", name).output());
            }
        }

        @Override
        public void stop() throws Exception {
            Deployments.docker("rm", "-f", "-v", name);
        }
    }

    private static Launched launch(String jvm, Map<String, String> env, Path log, String... command)
            throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(Arrays.asList(jvm.trim().split("\\s+")));
        argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.buildline.app.Main"));
        argv.addAll(Arrays.asList(command));
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new Local(builder.start(), log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitHttp(int port, Launched coordinator) throws Exception {
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < until) {
            coordinator.checkAlive();
            try {
                Webhooks.get(port, "/api/builds");
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the coordinator did not answer on port " + port);
    }

    /** VmRSS of a process in kB, from /proc. */
    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    private static void send(int port, List<String[]> pushes, int senders) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < pushes.size(); i = next.getAndIncrement()) {
                        HttpResponse<String> answer = Webhooks.postGithub(HTTP_1_1, port, "push", pushes.get(i)[1],
                                pushes.get(i)[0]);
                        if (answer.statusCode() != 202) {
                            throw new IllegalStateException("webhook answered " + answer.statusCode() + ": "
                                    + answer.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> sender : running) {
                sender.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
