package dev.gatehouse.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts requests by route and outcome ({@code gatehouse_gateway_requests_total}) and times upstreams from
 * forwarding to their status line ({@code gatehouse_gateway_upstream_seconds}).
 */
final class GatewayMetrics {
    static final String ALLOWED = "allowed";
    static final String DENIED_401 = "denied_401";
    static final String DENIED_403 = "denied_403";
    static final String BAD_REQUEST = "bad_request";
    static final String UNAVAILABLE = "unavailable";
    static final String UPSTREAM_ERROR = "upstream_error";
    static final String NO_ROUTE = "no_route";
    static final String NO_ROUTE_NAME = "none";

    private final PrometheusMeterRegistry registry;
    /** Meters found once per route and outcome, not built and looked up again on every request. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    GatewayMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    void request(String route, String outcome) {
        counters.computeIfAbsent(route + ' ' + outcome, k -> Counter.builder("gatehouse.gateway.requests")
                .description("Requests by route and outcome")
                .tag("route", route)
                .tag("outcome", outcome)
                .register(registry)).increment();
    }

    /** Counts a refusal from the Gate by its status: 401, 403, 400 (a malformed request) or 503. */
    void denied(String route, int status) {
        request(route, switch (status) {
            case 401 -> DENIED_401;
            case 403 -> DENIED_403;
            case 400 -> BAD_REQUEST;
            default -> UNAVAILABLE;
        });
    }

    void upstreamLatency(String route, Duration latency) {
        timers.computeIfAbsent(route, k -> Timer.builder("gatehouse.gateway.upstream")
                .description("Time from forwarding a request to the upstream's status line")
                .tag("route", route)
                .register(registry)).record(latency);
    }

    String scrape() {
        return registry.scrape();
    }
}
