package dev.buildline.app.cli;

import dev.buildline.app.cli.CliOptions.Option;
import dev.buildline.app.cli.CliOptions.UsageException;
import dev.buildline.common.config.ConfigProblem;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.InvalidConfigException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code buildline validate -f devspace.yaml}: exit 0 when the file is valid, 1 with one line per problem on stdout
 * (each naming its YAML path), 2 for a command line that cannot be run. A valid file gets two lines: the images it
 * builds, then the version it was read in and whether it was converted to v2beta1. Warnings go to stderr.
 */
public final class ValidateCommand {

    static final Option FILE = new Option("file", "f", "BUILDLINE_CONFIG_PATH", true);
    /** {@code --var NAME=VALUE}, repeatable, as {@code devspace --var}; BUILDLINE_VARS holds one per line. */
    static final Option VAR = new Option("var", null, "BUILDLINE_VARS", true);
    /** {@code --profile P} (or {@code -p a,b}), repeatable, as {@code devspace -p}. */
    static final Option PROFILE = new Option("profile", "p", "BUILDLINE_PROFILES", true);
    static final int VALID = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    private ValidateCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv());
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        DevspaceFile file;
        DevspaceFile.Inputs inputs;
        try {
            CliOptions options = CliOptions.parse(args, List.of(FILE, VAR, PROFILE), env);
            file = DevspaceFile.locate(options.value(FILE, DevspaceFile.DEFAULT_PATH));
            inputs = inputs(options, null, null);
            inputs.varMap();
        } catch (UsageException e) {
            err.println("validate: " + e.getMessage());
            err.println("usage: buildline validate -f devspace.yaml [--var NAME=VALUE] [--profile P]");
            return USAGE;
        }
        try {
            DevspaceConfig config = file.parse(inputs);
            printWarnings(config, err);
            out.println(file.file() + ": " + config.summary());
            out.println(file.file() + ": " + config.versionNote());
            return VALID;
        } catch (InvalidConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                out.println(problem);
            }
            return INVALID;
        } catch (DevspaceFile.UnreadableException e) {
            out.println(e.getMessage());
            return INVALID;
        }
    }

    static DevspaceFile.Inputs inputs(CliOptions options, String namespace, String kubeContext) {
        return new DevspaceFile.Inputs(options.repeated(VAR), options.values(PROFILE), namespace, kubeContext);
    }

    static void printWarnings(DevspaceConfig config, PrintStream err) {
        config.warnings().forEach(warning -> err.println("warning: " + warning));
    }
}
