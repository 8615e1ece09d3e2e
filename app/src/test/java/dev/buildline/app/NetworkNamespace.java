package dev.buildline.app;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace on this machine joined to the host's by one veth pair and nothing else (two addresses of a /30
 * in 10.213.0.0/16, no route out, no forwarding): a process started with {@link #exec} reaches the host's end and
 * nothing beyond, and {@link #cut} takes the host's end down, so neither side reaches the other until {@link #heal}.
 * Needs root ({@code ip netns}); {@link #close} deletes the namespace and with it the pair.
 */
final class NetworkNamespace implements AutoCloseable {

    private final String name;
    private final String hostEnd;
    private final int subnet;

    private NetworkNamespace(int subnet) {
        this.subnet = subnet;
        this.name = "buildline-" + subnet;
        this.hostEnd = "bl" + subnet + "h";
    }

    static NetworkNamespace create() throws Exception {
        NetworkNamespace ns = new NetworkNamespace(ThreadLocalRandom.current().nextInt(1, 16000));
        String inside = "bl" + ns.subnet + "n";
        ns.ip("netns", "add", ns.name);
        try {
            ns.ip("link", "add", ns.hostEnd, "type", "veth", "peer", "name", inside, "netns", ns.name);
            ns.ip("addr", "add", ns.hostAddress() + "/30", "dev", ns.hostEnd);
            ns.ip("link", "set", ns.hostEnd, "up");
            ns.ip("-n", ns.name, "addr", "add", ns.address() + "/30", "dev", inside);
            ns.ip("-n", ns.name, "link", "set", inside, "up");
            ns.ip("-n", ns.name, "link", "set", "lo", "up");
        } catch (Exception e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** The host's end of the pair. */
    String hostAddress() {
        return "10.213." + (subnet / 64) + "." + (subnet % 64 * 4 + 1);
    }

    /** The namespace's end of the pair. */
    String address() {
        return "10.213." + (subnet / 64) + "." + (subnet % 64 * 4 + 2);
    }

    /** The argv prefix that runs a command inside the namespace. */
    List<String> exec() {
        return List.of("ip", "netns", "exec", name);
    }

    void cut() throws Exception {
        ip("link", "set", hostEnd, "down");
    }

    void heal() throws Exception {
        ip("link", "set", hostEnd, "up");
    }

    @Override
    public void close() {
        try {
            ip("netns", "del", name);
        } catch (Exception e) {
            System.err.println("faults: cannot delete network namespace " + name + ": " + e.getMessage());
        }
    }

    private void ip(String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + out.strip());
        }
    }
}
