package dev.buildline.common.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Docker's reference grammar (distribution/reference), as far as devspace.yaml needs it: an {@code image} is a
 * repository name without tag or digest, a tag is {@code [\w][\w.-]{0,127}} where DevSpace also allows {@code #}.
 */
public final class ImageReference {

    public static final int MAX_NAME_LENGTH = 255;

    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w#][\\w.#-]{0,127}");
    private static final Pattern REFERENCE_TAG = Pattern.compile("[\\w][\\w.-]{0,127}");

    private ImageReference() {
    }

    /** Why {@code name} is not a repository name without tag, or null when it is one. */
    public static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "must not be empty";
        }
        if (name.contains("@")) {
            return "must not contain a digest (" + name.substring(name.indexOf('@')) + ")";
        }
        String domain = domainOf(name);
        String path = domain == null ? name : name.substring(domain.length() + 1);
        int colon = path.indexOf(':');
        if (colon >= 0) {
            return "'" + path.substring(colon + 1) + "' is not a valid tag (letters, digits, _ . -, at most 128, not "
                    + "starting with . or -)";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "is longer than " + MAX_NAME_LENGTH + " characters";
        }
        if (domain != null && !DOMAIN.matcher(domain).matches()) {
            return "registry host '" + domain + "' is not a valid host[:port]";
        }
        for (String component : path.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
                return !component.equals(component.toLowerCase(Locale.ROOT))
                        ? "repository name must be lowercase (" + name + ")"
                        : "'" + component + "' is not a valid path component of an image name (lowercase letters, "
                                + "digits, and . _ __ - between them)";
            }
        }
        return null;
    }

    /** Why {@code tag} is not a valid tag (with {@code #} placeholders), or null when it is one. */
    public static String tagProblem(String tag) {
        return TAG.matcher(tag).matches() ? null
                : "not a valid tag: '" + tag + "' (letters, digits, _ . - and #, at most 128, not starting with . or -)";
    }

    /** Why a full reference such as {@code moby/buildkit:v0.12.0} (tag and digest allowed) is invalid, or null. */
    public static String referenceProblem(String reference) {
        String name = reference;
        int at = name.indexOf('@');
        if (at >= 0) {
            if (!name.substring(at + 1).matches("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}")) {
                return "not a valid digest: " + name.substring(at + 1);
            }
            name = name.substring(0, at);
        }
        String domain = domainOf(name);
        int colon = name.indexOf(':', domain == null ? 0 : domain.length() + 1);
        if (colon >= 0) {
            if (!REFERENCE_TAG.matcher(name.substring(colon + 1)).matches()) {
                return "not a valid tag: " + name.substring(colon + 1);
            }
            name = name.substring(0, colon);
        }
        return nameProblem(name);
    }

    /**
     * A reference with a valid tag split as DevSpace's adjustConfig does (distribution's ParseNormalizedNamed, then
     * Docker Hub's {@code docker.io/} and {@code library/} stripped): {@code docker.io/library/nginx:1.25} gives
     * {@code [nginx, 1.25]}, {@code localhost:5000/app:v1@sha256:...} gives {@code [localhost:5000/app, v1]} (the
     * digest goes with the tag, as there). Null when there is no tag or the reference is invalid.
     */
    public static Tagged tagged(String reference) {
        String trimmed = reference.strip();
        if (referenceProblem(trimmed) != null) {
            return null;
        }
        int at = trimmed.indexOf('@');
        String name = at < 0 ? trimmed : trimmed.substring(0, at);
        String domain = domainOf(name);
        int colon = name.indexOf(':', domain == null ? 0 : domain.length() + 1);
        if (colon < 0) {
            return null;
        }
        String tag = name.substring(colon + 1);
        name = name.substring(0, colon);
        if (domain == null || domain.equals("docker.io") || domain.equals("index.docker.io")) {
            String path = domain == null ? name : name.substring(domain.length() + 1);
            name = path.startsWith("library/") ? path.substring("library/".length()) : path;
        }
        return new Tagged(name, tag);
    }

    /** An image name without tag and the tag that was written in it. */
    public record Tagged(String name, String tag) {
    }

    /** The registry written at the front of {@code name} ({@link #isDomain}), or null when there is none. */
    public static String domainOf(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String first = name.substring(0, slash);
        return isDomain(first) ? first : null;
    }

    /** Docker's rule: a first component is a registry when it has a '.' or ':', is localhost, or has uppercase. */
    public static boolean isDomain(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost")
                || !component.equals(component.toLowerCase(Locale.ROOT));
    }
}
