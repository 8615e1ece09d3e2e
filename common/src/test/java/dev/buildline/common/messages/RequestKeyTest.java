package dev.buildline.common.messages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RequestKeyTest {

    private static final RequestKey KEY = RequestKey.of("0123456789abcdef0123456789abcdef");
    private static final byte[] VALUE = "{\"buildId\":\"b1\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSignatureIsTheHexHmacSha256OfTheValue() {
        // python3: hmac.new(b"0123456789abcdef0123456789abcdef", b'{"buildId":"b1"}', hashlib.sha256).hexdigest()
        assertThat(KEY.sign(VALUE)).isEqualTo("5faf9b8776c347fb1b477e26c13f6b2f1b7fdda2daf598cd9dcb76a0981bccb0");
        assertThat(KEY.refusal(VALUE, KEY.sign(VALUE))).isEmpty();
    }

    static Stream<Arguments> refused() {
        String good = KEY.sign(VALUE);
        byte[] altered = "{\"buildId\":\"b2\"}".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("no header", VALUE, null, "unsigned build request: no buildline-signature header"),
                Arguments.of("not hex", VALUE, "zz", "malformed buildline-signature header"),
                Arguments.of("value altered", altered, good, "does not match its bytes"),
                Arguments.of("another key", VALUE, RequestKey.random().sign(VALUE), "does not match its bytes"),
                Arguments.of("truncated", VALUE, good.substring(0, 62), "does not match its bytes"),
                Arguments.of("empty", VALUE, "", "does not match its bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refused(String name, byte[] value, String signature, String reason) {
        Optional<String> refusal = KEY.refusal(value, signature);
        assertThat(refusal).hasValueSatisfying(text -> assertThat(text).contains(reason));
    }

    @Test
    void upperCaseHexOfTheRightSignatureIsAccepted() {
        assertThat(KEY.refusal(VALUE, KEY.sign(VALUE).toUpperCase())).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "short-key", "0123456789abcdef0123456789abcde"})
    void aMissingOrShortKeyIsRefusedNamingTheVariable(String value) {
        assertThatThrownBy(() -> RequestKey.of(value))
                .isInstanceOf(RequestKey.InvalidRequestKeyException.class)
                .hasMessageContaining("BUILDLINE_REQUEST_KEY");
    }

    @Test
    void theKeyIsNeverPrinted() {
        assertThat(KEY.toString()).doesNotContain("0123456789abcdef");
    }
}
