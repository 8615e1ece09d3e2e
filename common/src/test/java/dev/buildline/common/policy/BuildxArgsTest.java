package dev.buildline.common.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * buildKit.args read as buildx reads them. The flag list is {@code docker buildx build --help} of buildx 0.13.1
 * (with BUILDX_EXPERIMENTAL=1: --detach, --print, --root, --server-config) as installed on the build host, and the
 * options table of https://docs.docker.com/reference/cli/docker/buildx/build/ (docker/buildx
 * docs/reference/buildx_build.md), which adds --call and --check; the parsing rules are spf13/pflag's
 * (flag.go: parseLongArg, parseSingleShortArg).
 */
class BuildxArgsTest {

    /** Every flag buildx 0.13+ documents for build: name, shorthand, whether it takes a value. */
    static Stream<Arguments> documentedFlags() {
        return Stream.of(
                Arguments.of("add-host", null, true), Arguments.of("allow", null, true),
                Arguments.of("annotation", null, true), Arguments.of("attest", null, true),
                Arguments.of("build-arg", null, true), Arguments.of("build-context", null, true),
                Arguments.of("builder", null, true), Arguments.of("cache-from", null, true),
                Arguments.of("cache-to", null, true), Arguments.of("call", null, true),
                Arguments.of("cgroup-parent", null, true), Arguments.of("check", null, false),
                Arguments.of("detach", null, false), Arguments.of("file", "f", true),
                Arguments.of("iidfile", null, true), Arguments.of("label", null, true),
                Arguments.of("load", null, false), Arguments.of("metadata-file", null, true),
                Arguments.of("network", null, true), Arguments.of("no-cache", null, false),
                Arguments.of("no-cache-filter", null, true), Arguments.of("output", "o", true),
                Arguments.of("platform", null, true), Arguments.of("print", null, true),
                Arguments.of("progress", null, true), Arguments.of("provenance", null, true),
                Arguments.of("pull", null, false), Arguments.of("push", null, false),
                Arguments.of("quiet", "q", false), Arguments.of("root", null, true),
                Arguments.of("sbom", null, true), Arguments.of("secret", null, true),
                Arguments.of("server-config", null, true), Arguments.of("shm-size", null, true),
                Arguments.of("ssh", null, true), Arguments.of("tag", "t", true),
                Arguments.of("target", null, true), Arguments.of("ulimit", null, true));
    }

    @Test
    void theTableHasEveryFlagBuildxKnowsAndNoOther() {
        assertThat(BuildxFlags.all()).extracting(BuildxFlags.Flag::name)
                .containsExactlyElementsOf(documentedFlags().map(a -> (String) a.get()[0]).toList());
    }

    @ParameterizedTest(name = "--{0}")
    @MethodSource("documentedFlags")
    void everySpellingOfEveryFlagIsTheSameFlag(String name, String shorthand, boolean takesValue) {
        List<List<String>> spellings = new ArrayList<>();
        if (takesValue) {
            spellings.add(List.of("--" + name, "v=1"));
            spellings.add(List.of("--" + name + "=v=1"));
            if (shorthand != null) {
                spellings.add(List.of("-" + shorthand, "v=1"));
                spellings.add(List.of("-" + shorthand + "v=1"));
                spellings.add(List.of("-" + shorthand + "=v=1"));
            }
        } else {
            spellings.add(List.of("--" + name));
            spellings.add(List.of("--" + name + "=true"));
            if (shorthand != null) {
                spellings.add(List.of("-" + shorthand));
            }
        }
        for (List<String> args : spellings) {
            assertThat(BuildxArgs.parse(args)).as("%s", args).singleElement()
                    .isEqualTo(new BuildxArgs.FlagItem(0, BuildxFlags.byName(name).orElseThrow(),
                            takesValue ? "v=1" : "true"));
        }
    }

    @Test
    void aValueFlagTakesTheNextItemWhateverItLooksLike() {
        assertThat(BuildxArgs.parse(List.of("--label", "--output=type=local,dest=/x", "-t", "-")))
                .containsExactly(flag(0, "label", "--output=type=local,dest=/x"), flag(2, "tag", "-"));
    }

    @Test
    void combinedShorthandsAreEachAFlagAndTheLastTakesTheRest() {
        assertThat(BuildxArgs.parse(List.of("-qtother/team", "-qo", "type=local,dest=/tmp/x")))
                .containsExactly(flag(0, "quiet", "true"), flag(0, "tag", "other/team"),
                        flag(1, "quiet", "true"), flag(1, "output", "type=local,dest=/tmp/x"));
    }

    @Test
    void repeatedFlagsAreEachSeen() {
        assertThat(BuildxArgs.parse(List.of("--label", "a=1", "--label=b=2", "--tag", "x", "-t", "y")))
                .containsExactly(flag(0, "label", "a=1"), flag(2, "label", "b=2"), flag(3, "tag", "x"),
                        flag(5, "tag", "y"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--οutput=x|--οutput",          // Greek omicron
            "--Output=x|--Output",
            "--out=x|--out",                // pflag has no abbreviations
            "--debug|--debug",
            "--help|--help",
            "-D|-D",
            "-h|-h",
            "-qx|-x"})
    void unknownFlagsAreNamedAsWritten(String arg, String spelled) {
        assertThat(BuildxArgs.parse(List.of(arg))).last()
                .isEqualTo(new BuildxArgs.UnknownFlag(0, spelled));
    }

    @Test
    void aValueFlagLastWouldTakeTheContext() {
        assertThat(BuildxArgs.parse(List.of("--no-cache", "--iidfile")))
                .containsExactly(flag(0, "no-cache", "true"),
                        new BuildxArgs.MissingValue(1, BuildxFlags.byName("iidfile").orElseThrow()));
        assertThat(BuildxArgs.parse(List.of("-t")))
                .containsExactly(new BuildxArgs.MissingValue(0, BuildxFlags.byName("tag").orElseThrow()));
    }

    @Test
    void argumentsThatAreNoFlagsAndDoubleDash() {
        assertThat(BuildxArgs.parse(List.of("/etc", "-", "－－output", "--", "--push")))
                .containsExactly(new BuildxArgs.Positional(0), new BuildxArgs.Positional(1),
                        new BuildxArgs.Positional(2), new BuildxArgs.Malformed(3, "'--' ends buildx's flags"),
                        new BuildxArgs.Positional(4));
        assertThat(BuildxArgs.parse(List.of("---push", "--=x")))
                .containsExactly(new BuildxArgs.Malformed(0, "bad flag syntax"),
                        new BuildxArgs.Malformed(1, "bad flag syntax"));
    }

    @Test
    void aBooleanFlagDoesNotTakeTheNextItem() {
        assertThat(BuildxArgs.parse(List.of("--push", "false")))
                .containsExactly(flag(0, "push", "true"), new BuildxArgs.Positional(1));
    }

    private static BuildxArgs.FlagItem flag(int index, String name, String value) {
        return new BuildxArgs.FlagItem(index, BuildxFlags.byName(name).orElseThrow(), value);
    }
}
