package dev.buildline.common.policy;

import dev.buildline.common.config.ImageReference;
import java.util.Arrays;
import java.util.List;

/**
 * Where a repository may put images, compared on parsed names ({@link ImageName}), never on text:
 * <ul>
 *   <li>{@code registry.example.com/acme/shop/} (ends at '/'): every repository below {@code acme/shop}, not
 *       {@code acme/shop} itself, not {@code acme/shop2}; {@code registry.example.com/} is the whole registry;</li>
 *   <li>{@code registry.example.com/acme/shop:} (ends at ':'): that repository alone, any tag;</li>
 *   <li>{@code registry.example.com/acme/shop}: that repository and every one below it.</li>
 * </ul>
 * The host is compared whole, port included: {@code registry.example.com.evil} and {@code registry.example.com:444}
 * are other registries. {@link #ANY} ({@code *}) is what {@code dev} uses when nothing is configured; a settings file
 * cannot write it.
 */
public record ImagePrefix(String text, String host, List<String> path, Scope scope) {

    /** Which names below {@link #path} a prefix covers. */
    public enum Scope { BELOW, EXACTLY, SAME_OR_BELOW, ANY }

    public static final ImagePrefix ANY = new ImagePrefix("*", "", List.of(), Scope.ANY);

    public ImagePrefix {
        path = List.copyOf(path);
    }

    /**
     * @throws IllegalArgumentException saying why {@code text} is no image prefix
     */
    public static ImagePrefix parse(String text) {
        if (text.equals(ANY.text())) {
            return ANY;
        }
        Scope scope = text.endsWith("/") ? Scope.BELOW : text.endsWith(":") ? Scope.EXACTLY : Scope.SAME_OR_BELOW;
        String name = scope == Scope.SAME_OR_BELOW ? text : text.substring(0, text.length() - 1);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is no image prefix (write registry/path/)");
        }
        if (scope == Scope.BELOW && !name.contains("/") && ImageReference.isDomain(name)) {
            String problem = ImageReference.nameProblem(name + "/x");
            if (problem != null) {
                throw new IllegalArgumentException("'" + text + "': " + problem);
            }
            return new ImagePrefix(text, ImageName.of(name, List.of("x")).host(), List.of(), Scope.BELOW);
        }
        String problem = ImageReference.nameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException("'" + text + "' is no image prefix: " + problem);
        }
        String host = ImageReference.domainOf(name);
        List<String> path = Arrays.asList((host == null ? name : name.substring(host.length() + 1)).split("/"));
        ImageName normalised = ImageName.of(host, path);
        if (scope == Scope.BELOW && host == null && path.size() == 1) {
            // "acme/" is the Docker Hub namespace acme, not library/acme
            return new ImagePrefix(text, normalised.host(), path, scope);
        }
        return new ImagePrefix(text, normalised.host(), normalised.path(), scope);
    }

    public boolean covers(ImageName name) {
        if (scope == Scope.ANY) {
            return true;
        }
        if (!host.equals(name.host()) || name.path().size() < path.size()
                || !name.path().subList(0, path.size()).equals(path)) {
            return false;
        }
        return switch (scope) {
            case BELOW -> name.path().size() > path.size();
            case EXACTLY -> name.path().size() == path.size();
            default -> true;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
