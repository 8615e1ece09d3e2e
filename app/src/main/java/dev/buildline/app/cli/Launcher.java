package dev.buildline.app.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How every Buildline command line is read and run (picocli): options fall back to their {@link EnvVar}; an option
 * given twice keeps the last value; a bad command line or setting prints what is wrong, naming the option (and the
 * variable when the value came from one) and the value, then the command's synopsis, and exits {@link #USAGE}; a
 * command that fails prints its message (no stack trace) and exits {@link #FAILED}.
 */
public final class Launcher {

    /** picocli's usage error code. */
    public static final int USAGE = CommandLine.ExitCode.USAGE;
    public static final int FAILED = CommandLine.ExitCode.SOFTWARE;

    private Launcher() {
    }

    /** Configures {@code commandLine} and its subcommands (add them first) to read {@code env} and print to out/err. */
    public static CommandLine configure(CommandLine commandLine, Map<String, String> env, PrintStream out,
                                        PrintStream err) {
        EnvironmentDefaults defaults = new EnvironmentDefaults(env);
        return commandLine
                .setDefaultValueProvider(defaults)
                .setOverwrittenOptionsAllowed(true)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler((e, args) -> usageError(e, defaults, err))
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    String name = command.getCommandSpec().qualifiedName();
                    if (e instanceof UsageException) {
                        err.println(name + ": " + e.getMessage());
                        hint(command, err);
                        return USAGE;
                    }
                    err.println(name + " failed: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
                    return FAILED;
                });
    }

    /** Runs one command on its own (as {@code plan} and {@code validate} are tested): {@code name} is how it is shown. */
    public static int execute(Object command, String name, List<String> args, Map<String, String> env,
                              PrintStream out, PrintStream err) {
        CommandLine commandLine = configure(new CommandLine(command), env, out, err);
        commandLine.setCommandName(name);
        int exit = commandLine.execute(args.toArray(String[]::new));
        out.flush();
        err.flush();
        return exit;
    }

    private static int usageError(ParameterException e, EnvironmentDefaults defaults, PrintStream err) {
        CommandLine command = e.getCommandLine();
        String message = e.getMessage();
        if (e.getArgSpec() != null) {
            message += defaults.suppliedBy(e.getArgSpec()).map(name -> " (from " + name + ")").orElse("");
        }
        err.println(command.getCommandSpec().qualifiedName() + ": " + message);
        UnmatchedArgumentException.printSuggestions(e, err);
        hint(command, err);
        return USAGE;
    }

    private static void hint(CommandLine command, PrintStream err) {
        CommandSpec spec = command.getCommandSpec();
        CommandLine.Help help = command.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        err.println("Run '" + spec.qualifiedName() + " --help' for every option and its environment variable.");
        err.flush();
    }
}
