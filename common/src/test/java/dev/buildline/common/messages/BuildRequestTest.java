package dev.buildline.common.messages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.policy.RepositoryGrants;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildRequestTest {

    private static final ImageConfig IMAGE = new ImageConfig("app", "acme/app", null, null, null, null, null, null,
            false, null, null);

    @Test
    void aRecordWrittenBeforeGrantsAndMaskedReadsWithNeither() {
        BuildRequest old = new BuildRequest(1, "b1", "d1", new RepoRef("https://github.com/acme/shop", "acme/shop"),
                "refs/heads/main", "c0ffee", "app", IMAGE, "devspace.yaml", List.of("v1"), "inputs",
                Instant.parse("2026-01-01T00:00:00Z"));
        String json = Json.toString(old);
        assertThat(json).doesNotContain("grants", "masked");

        BuildRequest read = Json.read(json.getBytes(StandardCharsets.UTF_8), BuildRequest.class);

        assertThat(read).isEqualTo(old);
        assertThat(read.grants()).isNull();
        assertThat(read.masked()).isNull();
    }

    @Test
    void grantsAndMaskedTravelWithTheRequest() {
        BuildRequest request = new BuildRequest(1, "b1", "d1", new RepoRef("https://github.com/acme/shop", "acme/shop"),
                "refs/heads/main", "c0ffee", "app", IMAGE, "devspace.yaml", List.of("v1"), "inputs",
                Instant.parse("2026-01-01T00:00:00Z"), new RepositoryGrants(List.of("acme/"), null, null),
                List.of("s3cret"));
        String json = Json.toString(request);
        assertThat(json).contains("\"grants\":{\"images\":[\"acme/\"],\"allow\":{", "\"masked\":[\"s3cret\"]");
        assertThat(Json.read(json.getBytes(StandardCharsets.UTF_8), BuildRequest.class)).isEqualTo(request);
    }
}
