package dev.gatehouse.server.ops;

import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.Routes;
import io.javalin.config.JavalinConfig;

/** Health, metrics, request timing and the issuer-wide error mapping. */
public final class OpsRoutes implements Routes {
    private final IssuerServices services;

    public OpsRoutes(IssuerServices services) {
        this.services = services;
    }

    @Override
    public void register(JavalinConfig config) {
        HealthEndpoint health = new HealthEndpoint(services);
        MetricsEndpoint metrics = new MetricsEndpoint(services.registry());
        RequestMetrics requests = new RequestMetrics(services.registry());

        config.routes.get(Endpoints.LIVE, health::live);
        config.routes.get(Endpoints.READY, health::ready);
        config.routes.get(Endpoints.METRICS, metrics::scrape);

        config.requestLogger.http(requests::record);
        ErrorResponses.register(config);
    }
}
