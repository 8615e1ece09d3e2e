package dev.buildline.worker.build;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The exit code the worker's metrics count is the one the build's error names, on its first line only. */
class BuildxExitTest {

    @Test
    void theCodeOfAFailedBuildIsReadBackFromItsError() {
        assertThat(BuildxExit.codeIn(BuildxExit.describe(1) + "\n#5 ERROR: process did not complete")).hasValue(1);
    }

    @Test
    void aRetryRepeatsTheAttemptsErrorAfterItsOwnWords() {
        assertThat(BuildxExit.codeIn("attempt 1 failed; retrying in 1 s: " + BuildxExit.describe(1)
                + "\nERROR: failed to push: connection refused")).hasValue(1);
    }

    @Test
    void aBuildStoppedOrNeverStartedHasNoCodeEvenWhenItsLogQuotesOne() {
        assertThat(BuildxExit.codeIn("build timed out after 30 min; buildx stopped\n" + BuildxExit.describe(3)))
                .isEmpty();
        assertThat(BuildxExit.codeIn("cancelled on request")).isEmpty();
        assertThat(BuildxExit.codeIn(null)).isEmpty();
    }
}
