package dev.gatehouse.client.javalin;

import dev.gatehouse.client.AccessPolicy;
import dev.gatehouse.client.Gate;
import dev.gatehouse.client.GuardedServerContract;
import dev.gatehouse.client.VerifiedAccessToken;
import io.javalin.Javalin;
import java.net.URI;

class GatehouseHandlerTest extends GuardedServerContract {
    private Javalin app;

    @Override
    protected URI serve(Gate gate, AccessPolicy policy) {
        app = Javalin.create(config -> {
            config.routes.before("/orders", new GatehouseHandler(gate, policy));
            config.routes.get("/orders", ctx -> {
                reached.incrementAndGet();
                VerifiedAccessToken token = ctx.attribute(VerifiedAccessToken.REQUEST_ATTRIBUTE);
                ctx.result("hello " + token.subject());
            });
        }).start("127.0.0.1", 0);
        return URI.create("http://127.0.0.1:" + app.port());
    }

    @Override
    protected void stopServer() {
        if (app != null) {
            app.stop();
        }
    }
}
