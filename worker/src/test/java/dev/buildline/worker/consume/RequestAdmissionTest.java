package dev.buildline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildRequest;
import dev.buildline.common.messages.Json;
import dev.buildline.common.messages.RepoRef;
import dev.buildline.common.messages.RequestKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every record a worker claims, and what becomes of it: built, or refused with the reason and the build it names. */
class RequestAdmissionTest {

    private static final RequestKey KEY = RequestKey.of("worker-test-request-key-0123456789abcdef");
    private static final RequestAdmission.Check NO_SHELLS = request ->
            !request.config().buildKit().command().equals(List.of("docker", "buildx"))
                    ? Optional.of("images." + request.image() + ".buildKit.command: not granted") : Optional.empty();
    private static final RequestAdmission ADMISSION = new RequestAdmission(KEY, List.of(NO_SHELLS));

    private static BuildRequest request(String buildId, List<String> command) {
        ImageConfig config = new ImageConfig("app", "registry/app", null, null, null, null, null, null, false, null,
                command == null ? null : new dev.buildline.common.config.BuildKitConfig(command, null, null, null));
        return new BuildRequest(BuildRequest.SCHEMA_VERSION, buildId, "d1", new RepoRef("file:///repo", "it/repo"),
                "refs/heads/main", "0".repeat(40), "app", config, "devspace.yaml", List.of("registry/app:v1"), null,
                Instant.EPOCH);
    }

    private static ConsumerRecord<String, byte[]> record(byte[] value, String signature) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("buildline.build-requests", 2, 7, "key", value);
        if (signature != null) {
            record.headers().add(RequestKey.HEADER, signature.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    static Stream<Arguments> records() {
        byte[] good = Json.toBytes(request("b1", null));
        byte[] shell = Json.toBytes(request("b2", List.of("sh", "-c", "env")));
        byte[] garbage = "{\"schemaVersion\": 1, \"buildId\": ".getBytes(StandardCharsets.UTF_8);
        byte[] noConfig = "{\"schemaVersion\": 1, \"buildId\": \"b3\", \"tags\": []}".getBytes(StandardCharsets.UTF_8);
        return Stream.of(
                Arguments.of("signed", record(good, KEY.sign(good)), null, "b1", true),
                Arguments.of("unsigned", record(good, null),
                        "refused build request at buildline.build-requests-2@7: unsigned build request", "b1", false),
                Arguments.of("signed by another key", record(good, RequestKey.random().sign(good)),
                        "does not match its bytes", "b1", false),
                Arguments.of("altered after signing", record(shell, KEY.sign(good)), "does not match its bytes", "b2",
                        false),
                Arguments.of("unsigned garbage", record(garbage, null), "unsigned build request", null, false),
                Arguments.of("signed garbage", record(garbage, KEY.sign(garbage)),
                        "unreadable build request at buildline.build-requests-2@7: BuildRequest:", null, true),
                Arguments.of("signed without config", record(noConfig, KEY.sign(noConfig)),
                        "unreadable build request at buildline.build-requests-2@7: buildId, repo and config are "
                                + "required", null, true),
                Arguments.of("signed, refused by a check", record(shell, KEY.sign(shell)),
                        "refused build request at buildline.build-requests-2@7: images.app.buildKit.command: not "
                                + "granted", "b2", true),
                Arguments.of("empty value", record(new byte[0], null), "unsigned build request", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void aRecordIsBuiltOnlyWhenItsSignatureBodyAndChecksHold(String name, ConsumerRecord<String, byte[]> record,
                                                             String refusal, String buildId, boolean signed) {
        RequestAdmission.Verdict verdict = ADMISSION.admit(record);

        if (refusal == null) {
            assertThat(verdict).isInstanceOfSatisfying(RequestAdmission.Admitted.class,
                    admitted -> assertThat(admitted.request().buildId()).isEqualTo(buildId));
            return;
        }
        assertThat(verdict).isInstanceOfSatisfying(RequestAdmission.Refused.class, refused -> {
            assertThat(refused.reason()).contains(refusal);
            assertThat(refused.request() == null ? null : refused.request().buildId()).isEqualTo(buildId);
            assertThat(refused.signed()).isEqualTo(signed);
        });
    }
}
