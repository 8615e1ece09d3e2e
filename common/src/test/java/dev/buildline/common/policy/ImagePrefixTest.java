package dev.buildline.common.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePrefixTest {

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource({
            "registry.example.com/acme/shop/, registry.example.com/acme/shop/api, true",
            "registry.example.com/acme/shop/, registry.example.com/acme/shop/api/v2:1.0, true",
            "registry.example.com/acme/shop/, registry.example.com/acme/shop, false",
            "registry.example.com/acme/shop/, registry.example.com/acme/shop2/api, false",
            "registry.example.com/acme/shop/, registry.example.com.evil/acme/shop/api, false",
            "registry.example.com/acme/shop/, registry.example.com:444/acme/shop/api, false",
            "registry.example.com/acme/shop/, REGISTRY.example.com/acme/shop/api, true",
            "registry.example.com/acme/shop/, acme/shop/api, false",
            "registry.example.com/, registry.example.com/anything/at/all, true",
            "registry.example.com/, registry.example.com.evil/x, false",
            "localhost:5000/, localhost:5000/team/app, true",
            "localhost:5000/, localhost/team/app, false",
            "acme/shop/, acme/shop/api, true",
            "acme/shop/, docker.io/acme/shop/api:1, true",
            "acme/shop/, index.docker.io/acme/shop/api, true",
            "acme/shop/, acme/shop2, false",
            "acme/, acme/shop, true",
            "acme/, library/acme, false",
            "acme/, acme, false",
            "acme/shop:, acme/shop:v1, true",
            "acme/shop:, acme/shop/api, false",
            "acme/shop, acme/shop, true",
            "acme/shop, acme/shop/api, true",
            "acme/shop, acme/shop2, false",
            "nginx:, docker.io/library/nginx:1.25, true",
            "127.0.0.1:5000/team/, 127.0.0.1:5000/team/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, true",
            "127.0.0.1:5000/team/, 127.0.0.1:5000/other/app, false"})
    void coversParsedNames(String prefix, String reference, boolean covered) {
        assertThat(ImagePrefix.parse(prefix).covers(ImageName.parse(reference).orElseThrow())).isEqualTo(covered);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/", ":", "acme//shop/", "acme/shöp/", "acme/shop:tag", "réseau.example/x/"})
    void refusesWhatIsNoPrefix(String text) {
        assertThatThrownBy(() -> ImagePrefix.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme/shöp", "аcme/shop", "acme/shop:tag with space", "acme/shop@sha256:short"})
    void lookAlikesAndBrokenReferencesAreNoNames(String reference) {
        assertThat(ImageName.parse(reference)).isEmpty();
    }
}
