package dev.buildline.common.messages;

import dev.buildline.common.crypto.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The key coordinators sign build requests with and workers verify them with (BUILDLINE_REQUEST_KEY): HMAC-SHA256
 * over the exact bytes of a build-requests record's value, hex, in the record's {@link #HEADER} header. Whoever can
 * write the topic without the key can make a worker build nothing. Never printed: {@link #toString()} hides it.
 */
public final class RequestKey {

    /** The header of a build-requests record that carries its signature. */
    public static final String HEADER = "buildline-signature";
    public static final String VARIABLE = "BUILDLINE_REQUEST_KEY";
    /** A shorter key is guessed sooner than it is worth; 32 characters is what {@code openssl rand -hex 16} prints. */
    public static final int MIN_LENGTH = 32;

    private final byte[] key;

    private RequestKey(byte[] key) {
        this.key = key.clone();
    }

    /**
     * The key an operator set; its UTF-8 bytes are the HMAC key.
     *
     * @throws InvalidRequestKeyException empty or shorter than {@link #MIN_LENGTH}, naming the variable
     */
    public static RequestKey of(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidRequestKeyException(VARIABLE + " is not set: coordinators sign build requests with it "
                    + "and workers build only what it signed; set the same random value (e.g. `openssl rand -hex 32`) "
                    + "on every coordinator and worker");
        }
        if (value.strip().length() < MIN_LENGTH) {
            throw new InvalidRequestKeyException(VARIABLE + " is " + value.strip().length() + " characters long; "
                    + "it must be at least " + MIN_LENGTH + " (e.g. `openssl rand -hex 32`)");
        }
        return new RequestKey(value.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh random key, for a process that both signs and verifies (dev's embedded coordinator and worker). */
    public static RequestKey random() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new RequestKey(bytes);
    }

    /** The signature of a record value: lowercase hex of its HMAC-SHA256. */
    public String sign(byte[] value) {
        return HexFormat.of().formatHex(mac(value));
    }

    /**
     * Why a record with this value and signature header (null when it has none) must not be built, or empty when the
     * key signed exactly these bytes. The comparison takes the same time wherever the signatures differ.
     */
    public Optional<String> refusal(byte[] value, String signature) {
        if (signature == null) {
            return Optional.of("unsigned build request: no " + HEADER + " header");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature.strip());
        } catch (IllegalArgumentException e) {
            return Optional.of("build request with a malformed " + HEADER + " header (not hex)");
        }
        if (!MessageDigest.isEqual(mac(value), given)) {
            return Optional.of("build request whose " + HEADER + " does not match its bytes: altered, or signed "
                    + "with another key than this worker's " + VARIABLE);
        }
        return Optional.empty();
    }

    private byte[] mac(byte[] value) {
        return Hmac.sha256(key, value);
    }

    @Override
    public String toString() {
        return "RequestKey[hidden]";
    }

    /** BUILDLINE_REQUEST_KEY is missing or too short; the message names the variable and how to make one. */
    public static final class InvalidRequestKeyException extends IllegalArgumentException {
        public InvalidRequestKeyException(String message) {
            super(message);
        }
    }
}
