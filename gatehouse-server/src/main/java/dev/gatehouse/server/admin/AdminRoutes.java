package dev.gatehouse.server.admin;

import dev.gatehouse.core.audit.RequestAddress;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.Routes;
import dev.gatehouse.server.consent.ConsentRoutes;
import dev.gatehouse.server.ops.ClientAddress;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * The admin REST API under {@link Endpoints#ADMIN}. Every operation but the OpenAPI document requires an
 * admin's bearer token; every failure is answered by {@link AdminErrors}.
 */
public final class AdminRoutes implements Routes {
    @FunctionalInterface
    interface Operation {
        /** @param admin the authenticated caller; null on the one public route */
        void handle(Context ctx, Admin admin) throws Exception;
    }

    /** One row of the route table. */
    record Route(HandlerType method, String path, boolean authenticated, Operation operation) {}

    private final AdminAuthenticator authenticator;
    private final List<Route> routes;

    public AdminRoutes(IssuerServices services) {
        this.authenticator = new AdminAuthenticator(services.verifier(), services.issuer().toString(),
                services.failureAudit(), services.clock());
        UsersEndpoint users = new UsersEndpoint(services.users());
        SessionsEndpoint sessions = new SessionsEndpoint(services.stores().sessions(), services.revocations(), users,
                services.clock());
        ClientsEndpoint clients = new ClientsEndpoint(services.clients(), services.clock());
        ConsentsEndpoint consents = new ConsentsEndpoint(ConsentRoutes.consents(services), services.clients(), users);
        KeysEndpoint keys = new KeysEndpoint(services.keys(), services.config().tokens(), services.clock());
        AuditEndpoint audit = new AuditEndpoint(services.stores().audit());
        OpenApiEndpoint openApi = new OpenApiEndpoint();
        this.routes = List.of(
                new Route(HandlerType.GET, Endpoints.OPENAPI, false, openApi::serve),
                admin(HandlerType.POST, "/users", users::create),
                admin(HandlerType.GET, "/users", users::list),
                admin(HandlerType.GET, "/users/{id}", users::get),
                admin(HandlerType.PATCH, "/users/{id}", users::updateProfile),
                admin(HandlerType.DELETE, "/users/{id}", users::delete),
                admin(HandlerType.POST, "/users/{id}/disable", users::disable),
                admin(HandlerType.POST, "/users/{id}/enable", users::enable),
                admin(HandlerType.PUT, "/users/{id}/password", users::setPassword),
                admin(HandlerType.PUT, "/users/{id}/roles", users::setRoles),
                admin(HandlerType.GET, "/users/{id}/sessions", sessions::listOfUser),
                admin(HandlerType.DELETE, "/users/{id}/sessions", sessions::revokeAllOfUser),
                admin(HandlerType.DELETE, "/sessions/{sid}", sessions::revoke),
                admin(HandlerType.GET, "/users/{id}/consents", consents::listOfUser),
                admin(HandlerType.DELETE, "/users/{id}/consents", consents::revokeAllOfUser),
                admin(HandlerType.GET, "/users/{id}/consents/{clientId}", consents::getOfUser),
                admin(HandlerType.DELETE, "/users/{id}/consents/{clientId}", consents::revokeOfUser),
                admin(HandlerType.POST, "/clients", clients::create),
                admin(HandlerType.GET, "/clients", clients::list),
                admin(HandlerType.GET, "/clients/{id}", clients::get),
                admin(HandlerType.PATCH, "/clients/{id}", clients::update),
                admin(HandlerType.DELETE, "/clients/{id}", clients::delete),
                admin(HandlerType.POST, "/clients/{id}/secret", clients::rotateSecret),
                admin(HandlerType.GET, "/keys", keys::list),
                admin(HandlerType.POST, "/keys/rotate", keys::rotate),
                admin(HandlerType.GET, "/audit", audit::query));
    }

    @Override
    public void register(JavalinConfig config) {
        for (Route route : routes) {
            config.routes.addHttpHandler(route.method(), route.path(), ctx -> handle(route, ctx));
        }
    }

    /** The route table, paths in full (e.g. {@code /admin/v1/users/{id}}). */
    List<Route> routes() {
        return routes;
    }

    private void handle(Route route, Context ctx) {
        // Answers carry generated secrets and personal data: no cache may keep them.
        ctx.header("Cache-Control", "no-store");
        try {
            Admin admin = route.authenticated() ? authenticator.authenticate(ctx) : null;
            // what the operation audits carries the caller's address
            RequestAddress.during(ClientAddress.of(ctx), () -> {
                route.operation().handle(ctx, admin);
                return null;
            });
        } catch (Exception e) {
            AdminErrors.write(ctx, e);
        }
    }

    private static Route admin(HandlerType method, String path, Operation operation) {
        return new Route(method, Endpoints.ADMIN + path, true, operation);
    }
}
