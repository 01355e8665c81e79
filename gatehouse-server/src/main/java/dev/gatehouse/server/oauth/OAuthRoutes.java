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

        Cors cors = new Cors(services.stores().clients(), services.clock());

        RoutesConfig routes = config.routes;
        routes.post(Endpoints.TOKEN, cors.forClients(OAuthErrors.guard(token::handle)));
        routes.post(Endpoints.REVOCATION, cors.forClients(OAuthErrors.guard(revocation::handle)));
        routes.post(Endpoints.INTROSPECTION, OAuthErrors.guard(introspection::handle));
        routes.get(Endpoints.USERINFO, cors.forClients(OAuthErrors.guard(userinfo::handle)));
        routes.post(Endpoints.USERINFO, cors.forClients(OAuthErrors.guard(userinfo::handle)));
        routes.get(Endpoints.JWKS, Cors.forAnyone(OAuthErrors.guard(jwks::handle)));
        routes.get(Endpoints.OIDC_DISCOVERY, Cors.forAnyone(OAuthErrors.guard(discovery::openIdConfiguration)));
        routes.get(Endpoints.AS_METADATA, Cors.forAnyone(OAuthErrors.guard(discovery::authorizationServer)));
        for (String path : List.of(Endpoints.TOKEN, Endpoints.REVOCATION, Endpoints.USERINFO)) {
            routes.addHttpHandler(HandlerType.OPTIONS, path, cors::clientPreflight);
        }
        for (String path : List.of(Endpoints.JWKS, Endpoints.OIDC_DISCOVERY, Endpoints.AS_METADATA)) {
            routes.addHttpHandler(HandlerType.OPTIONS, path, Cors::publicPreflight);
        }

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
