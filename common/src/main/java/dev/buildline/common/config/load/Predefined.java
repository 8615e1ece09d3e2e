package dev.buildline.common.config.load;

import dev.buildline.common.config.load.GitFacts.UnavailableException;
import dev.buildline.common.messages.BuildIds;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * DevSpace's predefined variables (predefined_variable.go) with the values a build server has: the pushed commit
 * and ref instead of the checkout's, the worker's namespace and context from settings, and DEVSPACE_RANDOM /
 * DEVSPACE_TIMESTAMP derived from the load's identity and the commit's time, so that loading one commit twice gives
 * one config (and one build id). The paths of the developer's machine are not there to give.
 */
final class Predefined {

    /** The DevSpace release whose loader Buildline follows. */
    static final String DEVSPACE_VERSION = "6.3.9";

    private static final Set<String> MACHINE_PATHS = Set.of("DEVSPACE_USER_HOME", "devspace.userHome",
            "DEVSPACE_TMPDIR", "DEVSPACE_EXECUTABLE", "DEVSPACE_KUBECTL_EXECUTABLE");
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final Map<String, Supplier<String>> values = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    private final LoadRequest request;

    Predefined(LoadRequest request, Supplier<String> name) {
        this.request = request;
        List<String> profiles = request.profiles();
        String lastProfile = profiles.isEmpty() ? "" : profiles.get(profiles.size() - 1);
        define(name, "DEVSPACE_NAME", "devspace.name");
        define(() -> DEVSPACE_VERSION, "DEVSPACE_VERSION", "devspace.version");
        values.put("DEVSPACE_RANDOM", () -> random("DEVSPACE_RANDOM"));
        values.put("devspace.random", () -> random("devspace.random")); // DevSpace caches each name on its own
        define(() -> Long.toString(request.timestamp()), "DEVSPACE_TIMESTAMP", "devspace.timestamp");
        define(() -> lastProfile, "DEVSPACE_PROFILE", "devspace.profile");
        define(() -> String.join(" ", profiles), "DEVSPACE_PROFILES");
        define(() -> git(() -> request.git().branch(), "error retrieving git branch (%s), but predefined var "
                + "devspace.git.branch is used"), "DEVSPACE_GIT_BRANCH", "devspace.git.branch");
        define(() -> git(() -> request.git().commit().id().substring(0, 8), "no git repository found (%s), but "
                + "predefined var devspace.git.commit is used"), "DEVSPACE_GIT_COMMIT", "devspace.git.commit");
        define(request::kubeContext, "DEVSPACE_CONTEXT", "devspace.context");
        define(request::namespace, "DEVSPACE_NAMESPACE", "devspace.namespace", "DEVSPACE_SPACE");
    }

    private void define(Supplier<String> value, String... names) {
        for (String name : names) {
            values.put(name, value);
        }
    }

    /** Every name predefined_variable.go defines, aliases included. */
    private static final Set<String> NAMES = Set.of("DEVSPACE_NAME", "devspace.name", "DEVSPACE_VERSION",
            "devspace.version", "DEVSPACE_RANDOM", "devspace.random", "DEVSPACE_TIMESTAMP", "devspace.timestamp",
            "DEVSPACE_PROFILE", "devspace.profile", "DEVSPACE_PROFILES", "DEVSPACE_GIT_BRANCH", "devspace.git.branch",
            "DEVSPACE_GIT_COMMIT", "devspace.git.commit", "DEVSPACE_CONTEXT", "devspace.context", "DEVSPACE_NAMESPACE",
            "devspace.namespace", "DEVSPACE_SPACE");

    static boolean isPredefined(String name) {
        return NAMES.contains(name) || MACHINE_PATHS.contains(name);
    }

    /**
     * The value, or null when {@code name} is not predefined.
     *
     * @throws UnavailableValueException for a value a server does not have
     */
    Node value(String name, Mark mark) {
        if (MACHINE_PATHS.contains(name)) {
            throw new UnavailableValueException(name + " names a path on the developer's machine (DevSpace fills it "
                    + "from the machine that runs devspace); a build server has no such path to give");
        }
        Supplier<String> value = values.get(name);
        if (value == null) {
            return null;
        }
        used.add(name);
        return GoValues.stringNode(value.get(), mark);
    }

    /** The names whose values this load asked for (so far). */
    Set<String> used() {
        return Set.copyOf(used);
    }

    /** A git fact, or DevSpace's message for it (with the reason in place of %s). */
    private static String git(Supplier<String> fact, String message) {
        try {
            return fact.get();
        } catch (UnavailableException e) {
            throw new UnavailableValueException(String.format(message, e.getMessage()));
        }
    }

    /** Six letters, as DevSpace's, but the same for the same repository, commit and file. */
    private String random(String name) {
        String digest = BuildIds.sha256(request.identity() + "\n" + request.configPath() + "\n" + name);
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            letters.append(LETTERS.charAt(Integer.parseInt(digest.substring(2 * i, 2 * i + 2), 16) % LETTERS.length()));
        }
        return letters.toString();
    }

    /** A predefined variable whose value a server does not have. */
    static final class UnavailableValueException extends RuntimeException {
        UnavailableValueException(String message) {
            super(message);
        }
    }
}
