package dev.gatehouse.server.forwardauth;

import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.Routes;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * What gateways and reverse proxies call: the verify endpoint (nginx auth_request, Envoy ext_authz, Traefik
 * forwardAuth) and the revocation feed that verifiers outside the issuer follow.
 */
public final class GatewayRoutes implements Routes {
    private final IssuerServices services;

    public GatewayRoutes(IssuerServices services) {
        this.services = services;
    }

    @Override
    public void register(JavalinConfig config) {
        VerifyEndpoint verify = new VerifyEndpoint(services);
        // a proxy asks with the method of the request it guards, so every method is answered
        List<HandlerType> methods = List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST, HandlerType.PUT,
                HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS);
        for (String path : List.of(Endpoints.VERIFY, Endpoints.VERIFY + "/{audience}", Endpoints.VERIFY + "/{audience}/<rest>")) {
            for (HandlerType method : methods) {
                config.routes.addHttpHandler(method, path, verify::handle);
            }
        }
        config.routes.get(Endpoints.REVOCATION_FEED, new RevocationFeedEndpoint(services)::handle);
    }
}
