package dev.buildline.common.config.versions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * DevSpace's {@code encoding.Convert}, which the v1beta11 to v2beta1 upgrade applies to every image key
 * (pkg/util/encoding/encoding.go:27-36): lowercase; each run of {@code @ / . :} and whitespace becomes one '-'; every
 * other character outside {@code [a-z0-9-]} is dropped; a result longer than 63 characters is cut to 55 and given
 * '-' and 7 hex characters of its SHA-256.
 */
public final class ImageKeys {

    private static final Pattern SEPARATORS = Pattern.compile("[@/.:\\t\\n\\f\\r ]+");
    private static final Pattern OTHER = Pattern.compile("[^a-z0-9\\-]+");
    private static final int MAX = 63;

    private ImageKeys() {
    }

    public static String convert(String key) {
        String id = SEPARATORS.matcher(key.toLowerCase(Locale.ROOT)).replaceAll("-");
        id = OTHER.matcher(id).replaceAll("");
        if (id.length() <= MAX) {
            return id;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return (id.substring(0, MAX - 8) + "-" + HexFormat.of().formatHex(digest).substring(0, 7)).replace(".-", "-");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
