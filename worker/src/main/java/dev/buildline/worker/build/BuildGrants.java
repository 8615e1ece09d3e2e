package dev.buildline.worker.build;

import dev.buildline.common.mask.Masker;
import dev.buildline.common.messages.BuildRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Each build's {@link BuildEnvironment} (what its repository is granted: registry credentials, secrets, values to
 * mask), resolved against the worker's own variables and files: the argv and environment buildx runs with, and the
 * {@link Masker} for everything users read about the build.
 */
public final class BuildGrants {

    /** Every build a plain build: the worker's registry credentials, no secrets, nothing masked. */
    public static final BuildGrants NONE = new BuildGrants(request -> BuildEnvironment.NONE, name -> null);

    private final Function<BuildRequest, BuildEnvironment> grants;
    private final Function<String, String> workerVariable;

    /**
     * @param grants         what a request's repository is granted
     * @param workerVariable a variable of the worker's own environment, where {@code {env: NAME}} secrets come from
     */
    public BuildGrants(Function<BuildRequest, BuildEnvironment> grants, Function<String, String> workerVariable) {
        this.grants = grants;
        this.workerVariable = workerVariable;
    }

    /** The argv and extra environment the build's buildx runs with; see {@link BuildEnvironment#resolve}. */
    public BuildEnvironment.Resolved resolve(BuildRequest request, List<String> argv) throws InvalidBuildException {
        return grants.apply(request).resolve(argv, workerVariable);
    }

    /** Masks the request's settings values and the values of the secrets it is granted. */
    public Masker masker(BuildRequest request) {
        BuildEnvironment environment = grants.apply(request);
        List<String> values = new java.util.ArrayList<>(environment.masked());
        for (BuildEnvironment.SecretSource source : environment.secrets().values()) {
            if (source instanceof BuildEnvironment.FromEnv fromEnv) {
                values.add(workerVariable.apply(fromEnv.name()));
            } else if (source instanceof BuildEnvironment.FromFile fromFile) {
                read(fromFile.path()).ifPresent(values::add);
            }
        }
        return Masker.of(values);
    }

    /** A granted secret file's content, to mask it; empty when the worker cannot read it (buildx then fails). */
    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
