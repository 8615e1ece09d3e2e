package dev.buildline.common.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MaskerTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                Arguments.of("one value", List.of("s3cr3t-token"), "token=s3cr3t-token;", "token=***;"),
                Arguments.of("every occurrence", List.of("hunter22"), "hunter22 and hunter22", "*** and ***"),
                Arguments.of("nothing to mask", List.of("hunter22"), "plain line", "plain line"),
                Arguments.of("overlapping values become one mask", List.of("abcdef", "defghi"), "xabcdefghiy",
                        "x***y"),
                Arguments.of("a value inside a longer one", List.of("secret", "my-secret-value"),
                        "my-secret-value and secret", "*** and ***"),
                Arguments.of("adjacent values", List.of("aaaa1", "bbbb2"), "aaaa1bbbb2", "***"),
                Arguments.of("repeated value overlapping itself", List.of("abab"), "ababab", "***"),
                Arguments.of("short values are not masked", List.of("dev", "1", ""), "dev build 1",
                        "dev build 1"),
                Arguments.of("four characters are", List.of("abcd"), "xabcdx", "x***x"),
                Arguments.of("each line of a multi-line value", List.of("-----BEGIN KEY-----\nMIIEpAIB\n\n"
                        + "-----END KEY-----"), "line MIIEpAIB here", "line *** here"),
                Arguments.of("blank lines of a value mask nothing", List.of("abcdefgh\n    \n"), "a    b",
                        "a    b"),
                Arguments.of("null values are left out", Arrays.asList(null, "abcdefgh"), "xabcdefgh", "x***"),
                Arguments.of("a value with regex characters", List.of("a.b*c+d"), "a.b*c+d axbbcd", "*** axbbcd"),
                Arguments.of("no values", List.of(), "anything", "anything"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void lines(String name, List<String> values, String line, String shown) {
        assertThat(Masker.of(values).mask(line)).isEqualTo(shown);
    }

    static Stream<Arguments> cutLines() {
        return Stream.of(
                Arguments.of("the start of a value where the line was cut", List.of("s3cr3t-token"),
                        "token=s3cr3t", "token=***"),
                Arguments.of("fewer than four characters of it stay", List.of("s3cr3t-token"), "token=s3c",
                        "token=s3c"),
                Arguments.of("a whole value and a cut one", List.of("abcdefgh"), "abcdefgh abcde", "*** ***"),
                Arguments.of("a cut line without a value", List.of("abcdefgh"), "plain text", "plain text"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void cutLines(String name, List<String> values, String line, String shown) {
        assertThat(Masker.of(values).maskCut(line)).isEqualTo(shown);
    }

    @Test
    void aStartOfAValueIsMaskedOnlyAtACut() {
        assertThat(Masker.of(List.of("s3cr3t-token")).mask("token=s3cr3t")).isEqualTo("token=s3cr3t");
    }

    @Test
    void listsAndNullsPassThrough() {
        Masker masker = Masker.of(List.of("hunter22"));
        assertThat(masker.mask(List.of("--build-arg", "PASS=hunter22"))).containsExactly("--build-arg", "PASS=***");
        assertThat(masker.mask((String) null)).isNull();
        assertThat(masker.mask((List<String>) null)).isNull();
    }
}
