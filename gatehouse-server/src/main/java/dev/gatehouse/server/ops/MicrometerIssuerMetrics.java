package dev.gatehouse.server.ops;

import dev.gatehouse.core.metrics.IssuerMetrics;
import io.micrometer.core.instrument.MeterRegistry;

/** Core's counters as Prometheus metrics. */
public final class MicrometerIssuerMetrics implements IssuerMetrics {
    private final MeterRegistry registry;

    public MicrometerIssuerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void tokenIssued(String grantType) {
        registry.counter("gatehouse_tokens_issued", "grant_type", grantType).increment();
    }

    @Override
    public void loginFailed(String reason) {
        registry.counter("gatehouse_login_failures", "reason", reason).increment();
    }

    @Override
    public void refreshReuseDetected() {
        registry.counter("gatehouse_refresh_reuse_detected").increment();
    }

    @Override
    public void revoked(String kind) {
        registry.counter("gatehouse_revocations", "kind", kind).increment();
    }
}
