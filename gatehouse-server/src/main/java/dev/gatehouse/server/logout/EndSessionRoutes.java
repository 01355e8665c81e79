package dev.gatehouse.server.logout;

import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.Routes;
import io.javalin.config.JavalinConfig;

/** OpenID Connect RP-Initiated Logout: the end-session endpoint. */
public final class EndSessionRoutes implements Routes {
    private final IssuerServices services;

    public EndSessionRoutes(IssuerServices services) {
        this.services = services;
    }

    @Override
    public void register(JavalinConfig config) {
    }
}
