package dev.gatehouse.server.ops;

import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Prometheus text exposition format 0.0.4 of every meter in the issuer's registry. */
final class MetricsEndpoint {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsEndpoint(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    void scrape(Context ctx) {
        ctx.contentType(CONTENT_TYPE).header("Cache-Control", "no-store").result(registry.scrape());
    }
}
