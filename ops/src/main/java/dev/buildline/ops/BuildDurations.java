package dev.buildline.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** The histogram both services keep of build durations (the coordinator from its view, a worker of its own builds). */
public final class BuildDurations {

    private BuildDurations() {
    }

    /** The timer {@code name} with {@code tags}, with buckets from 100 ms to an hour. */
    public static Timer timer(MeterRegistry registry, String name, String description, Tags tags) {
        return Timer.builder(name)
                .description(description)
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }
}
