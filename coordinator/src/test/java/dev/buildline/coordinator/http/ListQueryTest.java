package dev.buildline.coordinator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.common.messages.BuildStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListQueryTest {

    @Test
    void readsFiltersAndPaging() {
        ListQuery query = ListQuery.parse(Map.of("status", "failed", "image", "backend", "repo", "acme/app",
                "limit", "20", "offset", "40")::get);

        assertThat(query.filter().status()).isEqualTo(BuildStatus.FAILED);
        assertThat(query.filter().image()).isEqualTo("backend");
        assertThat(query.filter().repo()).isEqualTo("acme/app");
        assertThat(query.offset()).isEqualTo(40);
        assertThat(query.limit()).isEqualTo(20);
    }

    @Test
    void emptyParametersMeanAnyAndTheLimitIsCapped() {
        ListQuery query = ListQuery.parse(Map.of("status", "", "image", " ", "limit", "50000")::get);

        assertThat(query.filter()).isEqualTo(new dev.buildline.coordinator.state.BuildFilter(null, null, null));
        assertThat(query.limit()).isEqualTo(ListQuery.MAX_LIMIT);
        assertThat(query.offset()).isZero();
    }

    @Test
    void unusableParametersAreNamedInTheMessage() {
        assertThatThrownBy(() -> ListQuery.parse(Map.of("status", "done")::get)).hasMessage("unknown build status: done");
        assertThatThrownBy(() -> ListQuery.parse(Map.of("limit", "ten")::get)).hasMessage("limit must be a number, got ten");
        assertThatThrownBy(() -> ListQuery.parse(Map.of("offset", "-1")::get))
                .hasMessage("offset must not be negative, got -1");
        assertThatThrownBy(() -> ListQuery.parse(Map.of("limit", "0")::get)).hasMessage("limit must be at least 1, got 0");
    }
}
