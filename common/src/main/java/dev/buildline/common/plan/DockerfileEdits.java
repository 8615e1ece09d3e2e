package dev.buildline.common.plan;

import dev.buildline.common.config.ImageConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dockerfile DevSpace builds when an image sets {@code entrypoint}, {@code cmd} or
 * {@code appendDockerfileInstructions}: a copy of the repository's Dockerfile with the instructions added
 * (pkg/devspace/build/builder/helper/util.go, RewriteDockerfile and addNewEntrypoint). Without {@code target} they go
 * at the end; with one, at the end of that stage (before the next {@code FROM}), so a later stage does not lose them.
 * The text is DevSpace's byte for byte, including its quoting: values are joined into a JSON-looking array without
 * escaping, so a value holding {@code "} gives the instruction DevSpace gives.
 */
public final class DockerfileEdits {

    /** Go's {@code \s} is {@code [\t\n\f\r ]}; Java's also has \u000B, so the class is spelled out. */
    private static final String SPACE = "[\\t\\n\\f\\r ]";
    private static final Pattern NEXT_FROM = Pattern.compile("(?i)\\n" + SPACE + "*FROM");

    private DockerfileEdits() {
    }

    /**
     * What is inserted, and where: {@code file} is the Dockerfile's name inside the context tar (buildx's
     * {@code --file}), {@code stage} the build target, null for the end of the file.
     */
    public record Edit(String file, String stage, String text) {
    }

    /**
     * The edit DevSpace makes for this image, or null when it makes none: it rewrites the Dockerfile only when
     * entrypoint, cmd or appendDockerfileInstructions has an item (helper.go:329), so {@code entrypoint: []} alone
     * changes nothing, while beside a cmd it writes {@code ENTRYPOINT []}.
     */
    public static Edit of(ImageConfig image, ContextLayout layout) {
        List<String> entrypoint = image.entrypoint();
        List<String> cmd = image.cmd();
        List<String> lines = image.appendDockerfileInstructions();
        if (isEmpty(entrypoint) && isEmpty(cmd) && lines.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        if (!lines.isEmpty()) {
            text.append('\n').append(String.join("\n", lines));
        }
        if (entrypoint != null) {
            text.append(isEmpty(entrypoint) ? "\n\nENTRYPOINT []\n" : "\n\nENTRYPOINT " + array(entrypoint) + "\n");
        }
        if (cmd != null) {
            text.append(isEmpty(cmd) ? "\n\nCMD []\n" : "\n\nCMD " + array(cmd) + "\n");
        }
        String target = image.target();
        return new Edit(layout.fileInContext(), target == null || target.isEmpty() ? null : target, text.toString());
    }

    /**
     * The Dockerfile's bytes with the edit applied. Like DevSpace's Go strings, the Dockerfile is taken byte for byte
     * (bytes that are not UTF-8 stay as they are); the inserted text is UTF-8.
     *
     * @throws StageNotFoundException when the target stage is not in the Dockerfile exactly once
     */
    public static byte[] apply(byte[] dockerfile, Edit edit) {
        Edit asBytes = new Edit(edit.file(), edit.stage() == null ? null : bytewise(edit.stage()), bytewise(edit.text()));
        return apply(new String(dockerfile, StandardCharsets.ISO_8859_1), asBytes).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** UTF-8 text as one char per byte, so that it can be spliced into a Dockerfile read byte for byte. */
    private static String bytewise(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /**
     * The Dockerfile with the edit applied.
     *
     * @throws StageNotFoundException when the target stage is not in the Dockerfile exactly once
     */
    public static String apply(String dockerfile, Edit edit) {
        if (edit.stage() == null) {
            return dockerfile + edit.text();
        }
        // the stage name goes into the pattern unquoted, as DevSpace puts it into its Go regexp
        Pattern stage = Pattern.compile("(?i)(^|\\n)" + SPACE + "*FROM" + SPACE + "+(\\S+)" + SPACE + "+AS" + SPACE
                + "+(" + edit.stage() + ")" + SPACE + "*(\\z|\\n)");
        Matcher matcher = stage.matcher(dockerfile);
        if (!matcher.find()) {
            throw new StageNotFoundException(edit.stage(), "no stage");
        }
        int end = matcher.end();
        if (matcher.find()) {
            throw new StageNotFoundException(edit.stage(), "more than one stage");
        }
        Matcher next = NEXT_FROM.matcher(dockerfile).region(end, dockerfile.length());
        if (!next.find()) {
            return dockerfile + edit.text();
        }
        return dockerfile.substring(0, next.start()) + edit.text() + dockerfile.substring(next.start());
    }

    private static boolean isEmpty(List<String> values) {
        return values == null || values.isEmpty();
    }

    private static String array(List<String> values) {
        return "[\"" + String.join("\",\"", values) + "\"]";
    }

    /** The build's target names no stage (or several) in the Dockerfile, so the edit has nowhere to go. */
    public static final class StageNotFoundException extends RuntimeException {
        public StageNotFoundException(String stage, String what) {
            super("the Dockerfile has " + what + " named '" + stage + "' (FROM <image> AS " + stage + "), where "
                    + "DevSpace puts the image's entrypoint, cmd and appendDockerfileInstructions for target " + stage);
        }
    }
}
