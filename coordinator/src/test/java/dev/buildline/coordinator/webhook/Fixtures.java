package dev.buildline.coordinator.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Payload fixtures under {@code src/test/resources/payloads}: each file starts with a {@code // source:} line naming
 * where it comes from (and what was changed); the rest is the payload, byte for byte, as the host sends it.
 */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] payload(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/payloads/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture payloads/" + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!text.startsWith("// source: ")) {
                throw new IllegalStateException("payloads/" + name + " does not name its source on its first line");
            }
            return text.lines().filter(line -> !line.startsWith("//")).collect(Collectors.joining("\n"))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
