package dev.buildline.common.policy;

import dev.buildline.common.config.ImageReference;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A repository name as a registry sees it: the registry host (with its port, lowercase; {@code docker.io} when none
 * is written) and the path's segments ({@code library/} added to a one-segment Docker Hub name), without tag or digest.
 * {@code nginx}, {@code docker.io/library/nginx:1} and {@code index.docker.io/library/nginx} are one name.
 */
public record ImageName(String host, List<String> path) {

    static final String DOCKER_HUB = "docker.io";

    public ImageName {
        path = List.copyOf(path);
    }

    /** A reference with or without tag and digest, or empty when Docker's grammar refuses it. */
    public static Optional<ImageName> parse(String reference) {
        if (ImageReference.referenceProblem(reference) != null) {
            return Optional.empty();
        }
        String name = reference;
        int at = name.indexOf('@');
        if (at >= 0) {
            name = name.substring(0, at);
        }
        String host = ImageReference.domainOf(name);
        String rest = host == null ? name : name.substring(host.length() + 1);
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            rest = rest.substring(0, colon);
        }
        return Optional.of(of(host, Arrays.asList(rest.split("/"))));
    }

    /** Normalises as distribution's ParseNormalizedNamed does. */
    static ImageName of(String host, List<String> path) {
        String normalised = host == null || host.equalsIgnoreCase("index.docker.io") ? DOCKER_HUB
                : host.toLowerCase(Locale.ROOT);
        if (normalised.equals(DOCKER_HUB) && path.size() == 1) {
            return new ImageName(normalised, List.of("library", path.get(0)));
        }
        return new ImageName(normalised, path);
    }

    @Override
    public String toString() {
        return host + "/" + String.join("/", path);
    }
}
