package dev.buildline.app.cli;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;

/**
 * Every option's value when the command line does not give it: its {@link EnvVar} from the environment the launcher
 * was given (a map, so tests pass their own), stripped; a blank variable counts as unset. The value is taken as
 * written: picocli would expand {@code ${...}} in a default, so every {@code $} is escaped.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    private final Map<String, String> env;
    private final Map<ArgSpec, String> supplied = new HashMap<>();

    EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        Optional<String> name = variable(argSpec);
        if (name.isEmpty()) {
            return null;
        }
        String value = env.get(name.get());
        if (value == null || value.isBlank()) {
            return null;
        }
        supplied.put(argSpec, name.get());
        return value.strip().replace("$", "$$");
    }

    /** The variable whose value this option was given, when it came from the environment. */
    Optional<String> suppliedBy(ArgSpec argSpec) {
        return Optional.ofNullable(supplied.get(argSpec));
    }

    /** The option's {@link EnvVar}, if it has one. */
    static Optional<String> variable(ArgSpec argSpec) {
        return argSpec.userObject() instanceof Field field && field.isAnnotationPresent(EnvVar.class)
                ? Optional.of(field.getAnnotation(EnvVar.class).value()) : Optional.empty();
    }
}
