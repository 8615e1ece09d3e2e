package dev.buildline.coordinator.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildline.common.config.ConfigParser;
import dev.buildline.common.config.InvalidConfigException;
import dev.buildline.common.config.load.ConfigLoader;
import dev.buildline.common.config.load.GitFacts;
import dev.buildline.common.config.load.LoadRequest;
import dev.buildline.common.config.load.RepoFiles;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The loaded-config cache on its own: the key (blob and settings), what a load read, and the bound. */
class ConfigCacheTest {

    private final AtomicInteger loads = new AtomicInteger();
    private final ConfigLoader loader = new ConfigLoader(new ConfigParser());

    private ConfigCache cache(int entries, long chars) {
        return new ConfigCache(request -> {
            loads.incrementAndGet();
            return loader.loadTraced(request);
        }, entries, chars);
    }

    private static LoadRequest request(String text, Map<String, String> vars, String identity, long timestamp) {
        return new LoadRequest("devspace.yaml", text, "shop", vars, List.of(), Map.of(), "builds", "kind-ci",
                identity, timestamp, RepoFiles.NONE, GitFacts.NONE, CommitInspector.SOURCES);
    }

    private static final String PLAIN = "version: v2beta1\nimages:\n  api:\n    image: r.example.com/${NAME}\n";

    @Test
    void theSameBlobWithOtherVariableValuesIsAnotherLoad() {
        ConfigCache cache = cache(8, 1 << 20);

        var a = cache.load("blob 1", request(PLAIN, Map.of("NAME", "a"), "shop@c1", 1));
        var again = cache.load("blob 1", request(PLAIN, Map.of("NAME", "a"), "shop@c2", 2));
        var b = cache.load("blob 1", request(PLAIN, Map.of("NAME", "b"), "shop@c2", 2));

        assertThat(again).isSameAs(a);
        assertThat(b.images().get("api").image()).isEqualTo("r.example.com/b");
        assertThat(loads).hasValue(2);
    }

    @Test
    void randomAndTimestampTieTheConfigToItsCommit() {
        ConfigCache cache = cache(8, 1 << 20);
        String random = "version: v2beta1\nimages:\n  api:\n    image: r.example.com/api\n"
                + "    tags: [\"${DEVSPACE_RANDOM}\"]\n";
        String timestamp = random.replace("DEVSPACE_RANDOM", "DEVSPACE_TIMESTAMP");

        var one = cache.load("blob r", request(random, Map.of(), "shop@c1", 100));
        var sameCommit = cache.load("blob r", request(random, Map.of(), "shop@c1", 100));
        var otherCommit = cache.load("blob r", request(random, Map.of(), "shop@c2", 100));
        var t1 = cache.load("blob t", request(timestamp, Map.of(), "shop@c1", 100));
        var t2 = cache.load("blob t", request(timestamp, Map.of(), "shop@c2", 200));

        assertThat(sameCommit).isSameAs(one);
        assertThat(otherCommit.images().get("api").tags()).isNotEqualTo(one.images().get("api").tags());
        assertThat(t1.images().get("api").tags()).containsExactly("100");
        assertThat(t2.images().get("api").tags()).containsExactly("200");
        assertThat(loads).hasValue(4);
    }

    @Test
    void theCacheKeepsAtMostItsEntriesAndTextAndDropsTheLeastRecentlyUsed() {
        ConfigCache cache = cache(2, 1 << 20);
        cache.load("blob 1", request(PLAIN, Map.of("NAME", "a"), "shop@c1", 1));
        cache.load("blob 2", request(PLAIN, Map.of("NAME", "a"), "shop@c1", 1));
        cache.load("blob 1", request(PLAIN, Map.of("NAME", "a"), "shop@c1", 1)); // 1 is now the most recent
        cache.load("blob 3", request(PLAIN, Map.of("NAME", "a"), "shop@c1", 1));
        cache.load("blob 1", request(PLAIN, Map.of("NAME", "a"), "shop@c1", 1));

        assertThat(cache.size()).isEqualTo(2);
        assertThat(loads).as("blob 1 stayed, blob 2 went").hasValue(3);

        ConfigCache small = cache(100, PLAIN.length() * 2L);
        for (int i = 0; i < 5; i++) {
            small.load("blob " + i, request(PLAIN, Map.of("NAME", "a"), "shop@c1", 1));
        }
        assertThat(small.size()).as("two files' text fit").isEqualTo(2);
    }

    @Test
    void aFileThatCannotBeLoadedIsNotKept() {
        ConfigCache cache = cache(8, 1 << 20);
        String broken = "version: v2beta1\nimages:\n  api:\n    image: [not, a, string]\n";

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cache.load("blob x", request(broken, Map.of(), "shop@c1", 1)))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("images.api.image");
        }
        assertThat(loads).hasValue(2);
        assertThat(cache.size()).isZero();
    }
}
