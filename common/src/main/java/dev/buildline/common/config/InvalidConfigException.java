package dev.buildline.common.config;

import java.util.List;
import java.util.stream.Collectors;

/** devspace.yaml cannot be used; carries every problem found, each naming its YAML path. */
public final class InvalidConfigException extends RuntimeException {

    private final List<ConfigProblem> problems;

    public InvalidConfigException(List<ConfigProblem> problems) {
        super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
