package dev.buildline.coordinator.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookProviderTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "github, github",
            "gitlab, gitlab",
            "gitea, gitea",
            "GitHub, other",
            "forgejo, other",
            "bitbucket, other",
            "'github ', other",
            "'', other",
            "null, other",
            "x8f3a9, other",
    })
    void onlyTheServedProvidersAreLabelsOfTheirOwn(String segment, String label) {
        assertThat(WebhookProvider.label(segment)).isEqualTo(label);
    }
}
