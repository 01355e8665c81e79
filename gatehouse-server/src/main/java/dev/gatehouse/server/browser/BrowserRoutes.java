package dev.gatehouse.server.browser;

import dev.gatehouse.core.token.IdTokenHints;
import dev.gatehouse.core.authorize.AuthorizationRequests;
import dev.gatehouse.core.browser.BrowserSessions;
import dev.gatehouse.core.store.Stores;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.Routes;
import dev.gatehouse.server.oauth.PushedAuthorizationEndpoint;
import dev.gatehouse.server.pages.Pages;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import java.util.List;

/** Browser sign-in: the authorization endpoint, pushed authorization requests, the sign-in and consent pages. */
public final class BrowserRoutes implements Routes {
    private final IssuerServices services;

    public BrowserRoutes(IssuerServices services) {
        this.services = services;
    }

    @Override
    public void register(JavalinConfig config) {
        Stores stores = services.stores();
        Pages pages = services.pages();
        AuthorizationRequests requests = new AuthorizationRequests(stores.clients(), stores.authorizationRequests(),
                services.clock());
        BrowserSessions browserSessions = new BrowserSessions(stores.transactions(), stores.users(), stores.sessions(),
                stores.browserSessions(), services.config().tokens(), services.config().browserSessions(),
                services.clock());
        AuthorizationResponses responses = new AuthorizationResponses(pages, services.issuer());
        AuthorizationFlow flow = new AuthorizationFlow(requests, browserSessions, stores.clients(), stores.users(),
                stores.consents(), services.authorizationCodes(), new IdTokenHints(services.keys(), services.config().tokens()),
                responses, pages, services.clock());
        AuthorizeEndpoint authorize = new AuthorizeEndpoint(requests, flow, responses, pages);
        SignInEndpoint signIn = new SignInEndpoint(requests, flow, services.passwordAuthenticator(), browserSessions,
                pages, services.clock());
        ConsentEndpoint consent = new ConsentEndpoint(requests, flow, pages);

        RoutesConfig routes = config.routes;
        routes.get(Endpoints.AUTHORIZE, BrowserPages.guard(pages, authorize::handle));
        routes.post(Endpoints.AUTHORIZE, BrowserPages.guard(pages, authorize::handle));
        routes.post(Endpoints.AUTHORIZE_SIGN_IN, BrowserPages.guard(pages, signIn::handle));
        routes.post(Endpoints.AUTHORIZE_CONSENT, BrowserPages.guard(pages, consent::handle));
        routes.post(Endpoints.PAR, PushedAuthorizationEndpoint.handler(services.clientAuthenticator(), requests,
                services.issuer()));
        for (HandlerType method : List.of(HandlerType.GET, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE)) {
            routes.addHttpHandler(method, Endpoints.PAR, PushedAuthorizationEndpoint::postOnly);
        }
    }
}
