package dev.buildline.app.cli;

import dev.buildline.common.config.ConfigProblem;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.InvalidConfigException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code buildline validate -f devspace.yaml}: exit 0 when the file is valid, 1 with one line per problem on stdout
 * (each naming its YAML path), 2 for a command line that cannot be run. A valid file gets two lines: the images it
 * builds, then the version it was read in and whether it was converted to v2beta1. Warnings go to stderr.
 */
@Command(name = "validate", sortOptions = false,
        description = "Exit 0 when devspace.yaml is valid; exit 1 with one line per problem, each naming its YAML path.")
public final class ValidateCommand implements Callable<Integer> {

    static final int VALID = 0;
    static final int INVALID = 1;

    @Mixin
    HelpOption help;
    @Mixin
    ConfigFileOptions config;

    private final PrintStream out;
    private final PrintStream err;

    public ValidateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env) {
        return Launcher.execute(new ValidateCommand(out, err), "buildline validate", args, env, out, err);
    }

    @Override
    public Integer call() {
        DevspaceFile file = config.locate();
        try {
            DevspaceConfig parsed = file.parse(config.inputs(null, null));
            printWarnings(parsed, err);
            out.println(file.file() + ": " + parsed.summary());
            out.println(file.file() + ": " + parsed.versionNote());
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

    static void printWarnings(DevspaceConfig config, PrintStream err) {
        config.warnings().forEach(warning -> err.println("warning: " + warning));
    }
}
