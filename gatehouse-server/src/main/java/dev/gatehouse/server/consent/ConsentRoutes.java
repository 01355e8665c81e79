package dev.gatehouse.server.consent;

import dev.gatehouse.core.consent.Consents;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.Routes;
import dev.gatehouse.server.admin.AdminErrors;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;

/** The user's own consents: {@code GET} {@link Endpoints#MY_CONSENTS} and {@code DELETE} one by client id. */
public final class ConsentRoutes implements Routes {
    private final IssuerServices services;

    public ConsentRoutes(IssuerServices services) {
        this.services = services;
    }

    /** The consent service of an issuer; stateless, so each area that needs one may build it. */
    public static Consents consents(IssuerServices services) {
        var stores = services.stores();
        return new Consents(stores.transactions(), stores.consents(), stores.refreshTokens(), stores.audit(),
                services.clock());
    }

    @Override
    public void register(JavalinConfig config) {
        MyConsentsEndpoint mine = new MyConsentsEndpoint(services.verifier(), services.issuer().toString(),
                services.users(), services.clients(), consents(services));
        config.routes.get(Endpoints.MY_CONSENTS, guard(mine::list));
        config.routes.delete(Endpoints.MY_CONSENTS + "/{clientId}", guard(mine::revoke));
    }

    private static Handler guard(Handler handler) {
        return ctx -> {
            // answers carry personal data: no cache may keep them
            ctx.header("Cache-Control", "no-store");
            try {
                handler.handle(ctx);
            } catch (Exception e) {
                AdminErrors.write(ctx, e);
            }
        };
    }
}
