package dev.gatehouse.server.browser;

import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.Routes;
import io.javalin.config.JavalinConfig;

/** Browser sign-in: the authorization endpoint, pushed authorization requests, the sign-in and consent pages. */
public final class BrowserRoutes implements Routes {
    private final IssuerServices services;

    public BrowserRoutes(IssuerServices services) {
        this.services = services;
    }

    @Override
    public void register(JavalinConfig config) {
    }
}
