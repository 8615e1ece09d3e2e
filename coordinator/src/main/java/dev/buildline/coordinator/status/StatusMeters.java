package dev.buildline.coordinator.status;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The reporter's meters, on the coordinator's registry (scraped at {@code /metrics}):
 * {@code buildline_commit_statuses_total{host, outcome}} (posted, unchanged, gave_up),
 * {@code buildline_commit_status_retries_total{host, reason}} (server_error, rate_limited, unreachable) and
 * {@code buildline_commit_status_give_ups_total{host, reason}} (the HTTP status, attempts, rate_limit_too_long,
 * invalid).
 */
public final class StatusMeters implements StatusReporter.Outcomes {

    private final MeterRegistry registry;

    public StatusMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void answered(StatusHost host, String outcome) {
        registry.counter("buildline.commit.statuses", "host", host.wireName(), "outcome", outcome).increment();
    }

    @Override
    public void retried(StatusHost host, String reason) {
        registry.counter("buildline.commit.status.retries", "host", host.wireName(), "reason", reason).increment();
    }

    @Override
    public void gaveUp(StatusHost host, String reason) {
        answered(host, "gave_up");
        registry.counter("buildline.commit.status.give.ups", "host", host.wireName(), "reason", reason).increment();
    }
}
