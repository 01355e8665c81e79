package dev.gatehouse.server.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.ops.ClientAddress;
import io.javalin.http.Context;
import java.net.URI;
import java.util.List;

/** RFC 6749 3.2: parse, authenticate the client, hand the grant to its handler, write 5.1 JSON. */
final class TokenEndpoint {
    private final IssuerServices services;
    private final URI uri;

    TokenEndpoint(IssuerServices services) {
        this.services = services;
        this.uri = URI.create(services.issuer() + Endpoints.TOKEN);
    }

    void handle(Context ctx) throws ParseException {
        FormRequest form = FormRequest.read(ctx, uri);
        OAuthClient client = form.authenticate(services.clientAuthenticator());
        String grantType = form.param("grant_type");
        if (grantType == null) {
            throw OAuthException.invalidRequest("Missing grant_type parameter");
        }
        // Checked before parsing: a grant Nimbus knows but this issuer does not run is unsupported, not malformed.
        if (services.grants().supported().stream().noneMatch(g -> g.getValue().equals(grantType))) {
            throw OAuthException.unsupportedGrantType(grantType);
        }
        TokenRequest parsed = TokenRequest.parse(form.http());
        List<URI> resources = parsed.getResources() == null ? List.of() : parsed.getResources();
        TokenResult result = services.grants().handle(new dev.gatehouse.core.grant.TokenRequest(client,
                parsed.getAuthorizationGrant(), parsed.getScope(), resources, ClientAddress.of(ctx), ctx.userAgent()));
        write(ctx, result);
    }

    private static void write(Context ctx, TokenResult result) {
        BearerAccessToken access = new BearerAccessToken(result.accessToken().value(), result.expiresInSeconds(),
                Scope.parse(result.scope()));
        RefreshToken refresh = result.refreshToken() == null ? null : new RefreshToken(result.refreshToken());
        AccessTokenResponse response = result.idToken() == null
                ? new AccessTokenResponse(new Tokens(access, refresh))
                : new OIDCTokenResponse(new OIDCTokens(result.idToken().value(), access, refresh));
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        ctx.contentType("application/json");
        ctx.result(response.toJSONObject().toJSONString());
    }
}
