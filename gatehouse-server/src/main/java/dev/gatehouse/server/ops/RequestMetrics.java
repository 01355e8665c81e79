package dev.gatehouse.server.ops;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One timer sample per HTTP request, tagged by the route template (never the raw path, which would
 * grow the series without bound), method and status. Recorded from Javalin's request logger, which runs
 * after every request, including those that ended in an error or matched no route.
 */
final class RequestMetrics {
    static final String TIMER = "gatehouse_http_server_requests";
    static final String UNMATCHED = "unmatched";
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final MeterRegistry registry;

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(Context ctx, Float executionMs) {
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        String method = ctx.req().getMethod();
        Timer.builder(TIMER)
                .description("HTTP requests served by the issuer")
                .tag("method", METHODS.contains(method) ? method : "other")
                .tag("route", matched == null ? UNMATCHED : matched.path)
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record((long) (executionMs * 1_000_000.0), TimeUnit.NANOSECONDS);
    }
}
