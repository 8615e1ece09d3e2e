package dev.buildline.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.OutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code plan} and {@code validate} hand the loader from their options and variables. */
class ConfigFileOptionsTest {

    private static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    private static ConfigFileOptions parse(Map<String, String> env, String... args) {
        ValidateCommand command = new ValidateCommand(NOWHERE, NOWHERE);
        Launcher.configure(new CommandLine(command), env, NOWHERE, NOWHERE).parseArgs(args);
        return command.config;
    }

    @Test
    void variableValuesAreTakenAsWrittenNotExpandedByTheCommandLineLibrary() {
        // picocli expands ${...} in default values; a --var from BUILDLINE_VARS must reach devspace.yaml unchanged
        ConfigFileOptions options = parse(Map.of("BUILDLINE_VARS", "TOKEN=${env:PATH}\nPRICE=$$5\nHOME=${sys:user.home}"));

        assertThat(options.inputs(null, null).varMap()).containsExactly(Map.entry("TOKEN", "${env:PATH}"),
                Map.entry("PRICE", "$$5"), Map.entry("HOME", "${sys:user.home}"));
    }

    @Test
    void profilesAreCommaSeparatedAndTheCommandLineReplacesTheVariable() {
        ConfigFileOptions fromEnv = parse(Map.of("BUILDLINE_PROFILES", " staging, ,eu "));
        ConfigFileOptions given = parse(Map.of("BUILDLINE_PROFILES", "staging"), "-p", "prod,eu", "--profile", "x");

        assertThat(fromEnv.inputs(null, null).profiles()).containsExactly("staging", "eu");
        assertThat(given.inputs(null, null).profiles()).containsExactly("prod", "eu", "x");
    }

    @Test
    void aVarValueMayHoldCommasAndEqualsSigns() {
        ConfigFileOptions options = parse(Map.of(), "--var", "TAGS=a,b", "--var", "EXPR=x=y");

        assertThat(options.inputs(null, null).varMap()).containsExactly(Map.entry("TAGS", "a,b"),
                Map.entry("EXPR", "x=y"));
    }
}
