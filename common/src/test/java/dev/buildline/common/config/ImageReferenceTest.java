package dev.buildline.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    @ParameterizedTest
    @ValueSource(strings = {"john/appbackend", "busybox", "127.0.0.1:5000/busybox", "localhost/app",
            "localhost:5000/team/app", "registry.example.com/a/b/c", "[::1]:5000/app", "a__b/c.d-e", "a---b",
            "Registry.Example.com/app", "ghcr.io/acme/app_1"})
    void dockerAcceptsTheseNames(String name) {
        assertThat(ImageReference.nameProblem(name)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"moby/buildkit:v0.12.5-rootless", "moby/buildkit", "localhost:5000/bk:1@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void builderImagesMayCarryTagAndDigest(String reference) {
        assertThat(ImageReference.referenceProblem(reference)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "v1.2.3", "1.10", "build-###", "#######", "A_b-c.d"})
    void tagsWithPlaceholders(String tag) {
        assertThat(ImageReference.tagProblem(tag)).isNull();
    }
}
