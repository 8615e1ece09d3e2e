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
        try {
            CliOptions options = CliOptions.parse(args, List.of(FILE), env);
            file = DevspaceFile.locate(options.value(FILE, DevspaceFile.DEFAULT_PATH));
        } catch (UsageException e) {
            err.println("validate: " + e.getMessage());
            err.println("usage: buildline validate -f devspace.yaml");
            return USAGE;
        }
        try {
            DevspaceConfig config = file.parse();
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

    static void printWarnings(DevspaceConfig config, PrintStream err) {
        config.warnings().forEach(warning -> err.println("warning: " + warning));
    }
}
