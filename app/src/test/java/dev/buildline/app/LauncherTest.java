package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.app.cli.EnvVar;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The launcher's command line as a user types it: {@code --help} per command, and values it cannot use. */
class LauncherTest {

    record Run(int exitCode, String out, String err) {
    }

    private static Run buildline(Map<String, String> env, String... argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Main main = new Main(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        int exit = main.execute(argv);
        main.close();
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "kafka", "coordinator", "worker", "plan", "validate"})
    void helpOfEachCommandNamesEveryOptionAndItsVariable(String command) {
        Run help = buildline(Map.of(), command, "--help");
        Run helpCommand = buildline(Map.of(), "help", command);

        assertThat(help.exitCode()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out()).startsWith("Usage: buildline " + command + " [-h]");
        assertThat(helpCommand.out()).as("buildline help " + command).isEqualTo(help.out());
        CommandLine spec = new Main(Map.of(), System.out).commandLine().getSubcommands().get(command);
        for (OptionSpec option : spec.getCommandSpec().options()) {
            assertThat(help.out()).contains(option.longestName());
            if (option.userObject() instanceof Field field && field.isAnnotationPresent(EnvVar.class)) {
                assertThat(help.out()).as(option.longestName() + "'s variable")
                        .contains(field.getAnnotation(EnvVar.class).value());
            }
        }
    }

    @Test
    void helpOfTheLauncherListsTheCommands() {
        Run help = buildline(Map.of(), "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: buildline [-h] [COMMAND]")
                .contains("  dev ", "  kafka ", "  coordinator ", "  worker ", "  plan ", "  validate ", "  help ");
        assertThat(buildline(Map.of(), "help").out()).isEqualTo(help.out());
    }

    @Test
    void noCommandOrAnUnknownOneIsAUsageError() {
        Run none = buildline(Map.of());
        Run unknown = buildline(Map.of(), "serve");

        assertThat(none.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(none.err()).startsWith("buildline: Missing required subcommand\nUsage: buildline [-h] [COMMAND]");
        assertThat(unknown.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(unknown.err()).startsWith("buildline: Unmatched argument at index 0: 'serve'");
    }

    @Test
    void aBadNumberNamesTheOptionAndTheValueAndStartsNothing() {
        Run run = buildline(Map.of(), "dev", "--http-port", "80a", "--workers", "2");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("buildline dev: Invalid value for option '--http-port': '80a' is not an int\n"
                + "Usage: buildline dev [-h]").doesNotContain("Exception", "\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aBadNumberFromTheEnvironmentNamesTheVariableToo() {
        Run run = buildline(Map.of("BUILDLINE_WORKER_CONCURRENCY", "four"), "worker");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("buildline worker: Invalid value for option '--workers': 'four' is not an "
                + "int (from BUILDLINE_WORKER_CONCURRENCY)\n").doesNotContain("Exception");
    }

    @Test
    void aBadNumberInAVariableWithoutAnOptionIsAUsageErrorNamingIt() {
        Run run = buildline(Map.of("BUILDLINE_TOPIC_REPLICATION", "three", "BUILDLINE_KAFKA_BOOTSTRAP", "127.0.0.1:1",
                "BUILDLINE_API_TOKEN", "t0ken",
                "BUILDLINE_REQUEST_KEY", Requests.KEY_TEXT), "coordinator");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("buildline coordinator: BUILDLINE_TOPIC_REPLICATION must be a number, got "
                + "'three'\n").doesNotContain("Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {"coordinator", "worker"})
    void aCoordinatorOrWorkerWithoutARequestKeyDoesNotStartAndNamesTheVariable(String command) {
        Run missing = buildline(Map.of("BUILDLINE_KAFKA_BOOTSTRAP", "127.0.0.1:1", "BUILDLINE_API_TOKEN", "t0ken"),
                command);
        Run tooShort = buildline(Map.of("BUILDLINE_KAFKA_BOOTSTRAP", "127.0.0.1:1", "BUILDLINE_API_TOKEN", "t0ken",
                "BUILDLINE_REQUEST_KEY", "0123456789abcdef"), command);

        assertThat(missing.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(missing.err()).startsWith("buildline " + command + ": BUILDLINE_REQUEST_KEY is not set")
                .doesNotContain("Exception");
        assertThat(tooShort.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(tooShort.err()).startsWith("buildline " + command + ": BUILDLINE_REQUEST_KEY is 16 characters "
                + "long; it must be at least 32").doesNotContain("0123456789abcdef");
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentAndTheLastValueWins() {
        Map<String, String> env = Map.of("BUILDLINE_HTTP_PORT", "9000", "BUILDLINE_DATA", "/var/lib/buildline");

        Main.Coordinator fromEnv = (Main.Coordinator) new Main(env, System.out).options("coordinator");
        Main.Coordinator given = (Main.Coordinator) new Main(env, System.out).options("coordinator",
                "--http-port=81", "--http-port", "82");
        Main.Coordinator defaults = (Main.Coordinator) new Main(Map.of("BUILDLINE_HTTP_PORT", " "), System.out)
                .options("coordinator");

        assertThat(fromEnv.httpPort()).isEqualTo(9000);
        assertThat(given.httpPort()).isEqualTo(82);
        assertThat(defaults.httpPort()).as("a blank variable is unset").isEqualTo(8080);
    }

    @Test
    void aCoordinatorWithoutAnApiTokenDoesNotStartAndSaysHowToOpenItOnPurpose() {
        Run run = buildline(Map.of("BUILDLINE_KAFKA_BOOTSTRAP", "127.0.0.1:1"), "coordinator");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("buildline coordinator: BUILDLINE_API_TOKEN is not set: a coordinator does "
                + "not serve an open API; set BUILDLINE_API_TOKEN (the Bearer token of /api), or give "
                + "--insecure-open-api (BUILDLINE_INSECURE_OPEN_API=true) to serve an open API on purpose\n");
        assertThat(run.out()).doesNotContain("ready");
    }

    @Test
    void devOnEveryInterfaceWithoutAnApiTokenDoesNotStart() {
        Run run = buildline(Map.of("BUILDLINE_HTTP_HOST", "0.0.0.0"), "dev", "--http-port", "0");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("buildline dev: BUILDLINE_API_TOKEN is not set and --http-host 0.0.0.0 is "
                + "not a loopback address: only dev on loopback serves an open API; bind 127.0.0.1, or set "
                + "BUILDLINE_API_TOKEN");
        assertThat(run.out()).doesNotContain("ready");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--insecure-open-api", "BUILDLINE_INSECURE_OPEN_API=true"})
    void anApiOpenedOnPurposeIsWarnedAboutAtStart(String how) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("BUILDLINE_KAFKA_BOOTSTRAP", "127.0.0.1:1",
                "BUILDLINE_TOPIC_REPLICATION", "three", "BUILDLINE_REQUEST_KEY", Requests.KEY_TEXT));
        if (how.contains("=")) {
            env.put(how.substring(0, how.indexOf('=')), how.substring(how.indexOf('=') + 1));
        }
        Run run = how.contains("=") ? buildline(env, "coordinator") : buildline(env, "coordinator", how);

        // past the door: the start goes on to the next setting, which this test makes wrong so nothing connects
        assertThat(run.err()).startsWith("buildline coordinator: warning: the API is open (--insecure-open-api, no "
                + "BUILDLINE_API_TOKEN): anyone who reaches 0.0.0.0 can start and cancel builds and read their logs\n"
                + "buildline coordinator: BUILDLINE_TOPIC_REPLICATION must be a number");
    }

    @Test
    void anInsecureOpenApiValueThatIsNoFlagNamesTheVariable() {
        Run run = buildline(Map.of("BUILDLINE_INSECURE_OPEN_API", "sure"), "coordinator");

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).startsWith("buildline coordinator: Invalid value for option '--insecure-open-api': "
                + "expects true or false, got 'sure' (from BUILDLINE_INSECURE_OPEN_API)");
    }

    @Test
    void devListensOnLoopbackAndACoordinatorOnEveryInterfaceUnlessTold() {
        Main.Dev dev = (Main.Dev) new Main(Map.of(), System.out).options("dev");
        Main.Coordinator coordinator = (Main.Coordinator) new Main(Map.of(), System.out).options("coordinator");
        Main.Dev told = (Main.Dev) new Main(Map.of("BUILDLINE_HTTP_HOST", "0.0.0.0"), System.out).options("dev");

        assertThat(dev.httpHost.host).isEqualTo("127.0.0.1");
        assertThat(coordinator.httpHost()).isEqualTo("0.0.0.0");
        assertThat(told.httpHost.host).isEqualTo("0.0.0.0");
    }
}
