package dev.gatehouse.server.login;

import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.Routes;
import io.javalin.config.JavalinConfig;

/** First-party JSON login and logout. */
public final class LoginRoutes implements Routes {
    private final IssuerServices services;

    public LoginRoutes(IssuerServices services) {
        this.services = services;
    }

    @Override
    public void register(JavalinConfig config) {
        LoginEndpoint login = new LoginEndpoint(services.clientAuthenticator(), services.passwordAuthenticator(),
                services.sessionTokens());
        LogoutEndpoint logout = new LogoutEndpoint(services.verifier(), services.clients(), services.revocations());
        config.routes.post(Endpoints.LOGIN, login::handle);
        config.routes.post(Endpoints.LOGOUT, logout::handle);
    }
}
