package dev.gatehouse.server.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.Routes;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/** The OAuth 2.0 / OpenID Connect protocol endpoints. Every handler's errors go through {@link OAuthErrors}. */
public final class OAuthRoutes implements Routes {
    private final IssuerServices services;

    public OAuthRoutes(IssuerServices services) {
        this.services = services;
    }

    @Override
    public void register(JavalinConfig config) {
        TokenEndpoint token = new TokenEndpoint(services.clientAuthenticator(), services.grants(), services.issuer());
        RevocationEndpoint revocation = new RevocationEndpoint(services.clientAuthenticator(), services.verifier(),
                services.refreshTokens(), services.revocations(), services.issuer());
        IntrospectionEndpoint introspection = new IntrospectionEndpoint(services.clientAuthenticator(),
                services.verifier(), services.refreshTokens(), services.users(), services.issuer());
        UserinfoEndpoint userinfo = new UserinfoEndpoint(services);
        JwksEndpoint jwks = new JwksEndpoint(services);
        DiscoveryEndpoint discovery = new DiscoveryEndpoint(services);

        RoutesConfig routes = config.routes;
        routes.post(Endpoints.TOKEN, OAuthErrors.guard(token::handle));
        routes.post(Endpoints.REVOCATION, OAuthErrors.guard(revocation::handle));
        routes.post(Endpoints.INTROSPECTION, OAuthErrors.guard(introspection::handle));
        routes.get(Endpoints.USERINFO, OAuthErrors.guard(userinfo::handle));
        routes.post(Endpoints.USERINFO, OAuthErrors.guard(userinfo::handle));
        routes.get(Endpoints.JWKS, OAuthErrors.guard(jwks::handle));
        routes.get(Endpoints.OIDC_DISCOVERY, OAuthErrors.guard(discovery::openIdConfiguration));
        routes.get(Endpoints.AS_METADATA, OAuthErrors.guard(discovery::authorizationServer));

        for (String path : List.of(Endpoints.TOKEN, Endpoints.REVOCATION, Endpoints.INTROSPECTION)) {
            for (HandlerType method : List.of(HandlerType.GET, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE)) {
                routes.addHttpHandler(method, path, OAuthRoutes::postOnly);
            }
        }
    }

    private static void postOnly(Context ctx) {
        ctx.header("Allow", "POST");
        OAuthErrors.writeJson(ctx, new ErrorObject(OAuth2Error.INVALID_REQUEST.getCode(),
                "This endpoint accepts POST only", 405));
    }
}
