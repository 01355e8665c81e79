package dev.gatehouse.server.logout;

import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.Routes;
import dev.gatehouse.server.browser.BrowserPages;
import io.javalin.config.JavalinConfig;

/** OpenID Connect RP-Initiated Logout: the end-session endpoint. */
public final class EndSessionRoutes implements Routes {
    private final IssuerServices services;

    public EndSessionRoutes(IssuerServices services) {
        this.services = services;
    }

    @Override
    public void register(JavalinConfig config) {
        EndSessionEndpoint endpoint = new EndSessionEndpoint(services.endSession(), services.pages());
        // the answer is a page: a failure too, the database being down included
        config.routes.get(Endpoints.END_SESSION, BrowserPages.guard(services.pages(), endpoint::get));
        config.routes.post(Endpoints.END_SESSION, BrowserPages.guard(services.pages(), endpoint::post));
    }
}
