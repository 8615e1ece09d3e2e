package dev.buildline.common.messages;

import dev.buildline.common.config.ImageConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic identities: the same repository, commit, image and image config always give the same build id,
 * so a redelivered webhook, a second coordinator or a restart never start the same build twice.
 */
public final class BuildIds {

    private BuildIds() {
    }

    public static String buildId(String repoUrl, String commit, String image, String configHash) {
        return "b" + sha256(repoUrl + '\n' + commit + '\n' + image + '\n' + configHash).substring(0, 19);
    }

    /** Hash of the image's config as Buildline reads it (defaults applied), stable across field order in YAML. */
    public static String configHash(ImageConfig config) {
        return sha256(Json.toString(config));
    }

    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
