package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.buildline.common.messages.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's "Try it", as a new user runs it: {@code dev} started with the settings its first block exports (the
 * placeholder path replaced by a real repository), then its second block run by bash exactly as the README has it,
 * in that repository, against that {@code dev} on a free port ({@code BUILDLINE_URL}). The push it sends must build
 * and push the image for real.
 */
class ReadmeTryItIT {

    private static final String PLACEHOLDER = "/path/to/your/repo";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path temp;
    private static Main dev;
    private static TestRepo repo;
    private static int port;
    private static List<String> blocks;

    @BeforeAll
    static void start() throws Exception {
        BuildHost.require();
        blocks = tryItBlocks(Files.readString(Deployments.ROOT.resolve("README.md")));
        repo = TestRepo.create(temp.resolve("app"));
        repo.commit("an image to try", Map.of(
                "devspace.yaml", """
                        version: v2beta1
                        images:
                          app:
                            image: %s/buildline-it/try-it-%s
                            buildKit: {}
                        """.formatted(BuildHost.REGISTRY, RUN),
                "Dockerfile", "FROM scratch\nCOPY hello.txt /hello.txt\n",
                "hello.txt", "hello from the README\n"));
        Map<String, String> env = new LinkedHashMap<>(exports(blocks.get(0)));
        assertThat(blocks.get(0)).as("the first block starts dev").contains("scripts/dev.sh");
        env.replaceAll((name, value) -> value.replace("file://" + PLACEHOLDER,
                repo.url().replaceFirst("/$", "")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dev = new Main(env, new PrintStream(out, true, StandardCharsets.UTF_8));
        // scripts/dev.sh builds the jar and runs `dev` with no options; here the jar's Main runs in this JVM, on
        // free ports, so the test never needs 8080 or 9092
        dev.run("dev", List.of("--http-port", "0", "--kafka-port", String.valueOf(Deployments.freePort()),
                "--data", temp.resolve("dev").toString()));
        Matcher ready = Pattern.compile("buildline ready http://127\\.0\\.0\\.1:(\\d+)")
                .matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(ready.find()).as("dev printed: " + out).isTrue();
        port = Integer.parseInt(ready.group(1));
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void theSecondBlockAsWrittenBuildsTheRepositorysImage() throws Exception {
        ProcessBuilder terminal = new ProcessBuilder("bash", "-euo", "pipefail", "-c", blocks.get(1))
                .directory(temp.resolve("app").toFile()).redirectErrorStream(true);
        // the second terminal has not exported the secret: the block's default must be the one the first exports
        terminal.environment().remove("BUILDLINE_WEBHOOK_SECRET");
        terminal.environment().put("BUILDLINE_URL", "http://127.0.0.1:" + port);
        Process bash = terminal.start();
        bash.getOutputStream().close();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(bash.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();
        assertThat(lines).as(output).hasSize(2);
        JsonNode pushed = Json.mapper().readTree(lines.get(0));
        assertThat(pushed.path("builds")).as(lines.get(0)).hasSize(1);
        assertThat(pushed.path("builds").get(0).path("image").asText()).isEqualTo("app");
        String buildId = pushed.path("builds").get(0).path("buildId").asText();
        assertThat(Json.mapper().readTree(lines.get(1)).path("builds").findValuesAsText("buildId")).contains(buildId);

        JsonNode done = Webhooks.awaitTerminal(port, buildId);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("succeeded");
        String tag = done.path("tags").get(0).asText();
        assertThat(RegistryImages.files(tag)).containsEntry("hello.txt", "hello from the README\n");
    }

    @Test
    void devListensOnLoopbackAlone() throws Exception {
        InetAddress outside = nonLoopbackAddress();
        Assumptions.assumeTrue(outside != null, "this machine has no address besides loopback to try");

        try (Socket loopback = new Socket()) {
            loopback.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        }
        try (Socket other = new Socket()) {
            assertThat(connects(other, new InetSocketAddress(outside, port)))
                    .as("dev's port on " + outside.getHostAddress()).isFalse();
        }
    }

    /** The fenced sh blocks of the README's "## Try it" section, in order. */
    static List<String> tryItBlocks(String readme) {
        int start = readme.indexOf("\n## Try it\n");
        assertThat(start).as("README has a Try it section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> blocks = new ArrayList<>();
        Matcher block = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (block.find()) {
            blocks.add(block.group(1));
        }
        assertThat(blocks).as("Try it's blocks").hasSize(2);
        return blocks;
    }

    /** {@code export NAME=VALUE} lines of a block, as the shell would set them (values here are plain words). */
    private static Map<String, String> exports(String block) {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher export = Pattern.compile("(?m)^export ([A-Z_]+)=(\\S+)$").matcher(block);
        while (export.find()) {
            env.put(export.group(1), export.group(2));
        }
        assertThat(env).as("the first block's exports").containsKeys("BUILDLINE_WEBHOOK_SECRET",
                "BUILDLINE_ALLOWED_REPOS");
        return env;
    }

    private static boolean connects(Socket socket, InetSocketAddress address) {
        try {
            socket.connect(address, 5000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : nic.inetAddresses().toList()) {
                if (address instanceof Inet4Address) {
                    return address;
                }
            }
        }
        return null;
    }
}
