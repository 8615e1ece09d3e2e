package dev.buildline.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiDoorTest {

    @ParameterizedTest(name = "dev={0} host={1} token={2} insecure={3} -> {4}")
    @CsvSource({
            // a token closes the API wherever it listens
            "false, 0.0.0.0,      true,  false, CLOSED",
            "false, 0.0.0.0,      true,  true,  CLOSED",
            "true,  0.0.0.0,      true,  false, CLOSED",
            // dev on loopback may be open: nothing but this machine reaches it
            "true,  127.0.0.1,    false, false, OPEN_ON_LOOPBACK",
            "true,  localhost,    false, false, OPEN_ON_LOOPBACK",
            "true,  ::1,          false, false, OPEN_ON_LOOPBACK",
            "true,  127.0.0.2,    false, false, OPEN_ON_LOOPBACK",
            // dev elsewhere, and every coordinator, only when opened on purpose
            "true,  0.0.0.0,      false, false, REFUSED",
            "true,  192.0.2.2,    false, false, REFUSED",
            "true,  127.example,  false, false, REFUSED",
            "true,  0.0.0.0,      false, true,  OPEN_ON_PURPOSE",
            "false, 0.0.0.0,      false, false, REFUSED",
            "false, 127.0.0.1,    false, false, REFUSED",
            "false, 0.0.0.0,      false, true,  OPEN_ON_PURPOSE",
    })
    void anOpenApiIsServedOnlyOnLoopbackByDevOrOnPurpose(boolean dev, String host, boolean token, boolean insecure,
                                                         ApiDoor.Kind kind) {
        assertThat(ApiDoor.decide(dev, host, token, insecure).kind()).isEqualTo(kind);
    }

    @ParameterizedTest
    @CsvSource({"true, 0.0.0.0", "false, 127.0.0.1"})
    void aRefusalNamesTheTokenAndHowToOpenTheApiOnPurpose(boolean dev, String host) {
        String message = ApiDoor.decide(dev, host, false, false).message();

        assertThat(message).startsWith("BUILDLINE_API_TOKEN is not set")
                .contains("--insecure-open-api", "BUILDLINE_INSECURE_OPEN_API=true");
        assertThat(message.contains("--http-host " + host)).isEqualTo(dev);
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void openingOnPurposeSaysWhoCanReachIt(boolean dev) {
        assertThat(ApiDoor.decide(dev, "0.0.0.0", false, true).message())
                .isEqualTo("the API is open (--insecure-open-api, no BUILDLINE_API_TOKEN): anyone who reaches "
                        + "0.0.0.0 can start and cancel builds and read their logs");
    }
}
