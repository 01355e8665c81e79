package dev.gatehouse.server.oauth;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.gatehouse.core.token.TokenResult;
import io.javalin.http.Context;

/**
 * Writes issued tokens as an RFC 6749 5.1 response (with the OIDC {@code id_token} when there is one): the
 * token endpoint and the first-party login answer in the one shape every OAuth client library reads.
 */
public final class TokenResponses {
    private TokenResponses() {}

    public static void write(Context ctx, TokenResult result) {
        BearerAccessToken access = new BearerAccessToken(result.accessToken().value(), result.expiresInSeconds(),
                Scope.parse(result.scope()));
        RefreshToken refresh = result.refreshToken() == null ? null : new RefreshToken(result.refreshToken());
        AccessTokenResponse response = result.idToken() == null
                ? new AccessTokenResponse(new Tokens(access, refresh))
                : new OIDCTokenResponse(new OIDCTokens(result.idToken().value(), access, refresh));
        // RFC 6749 5.1: responses carrying tokens must not be cached.
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
        ctx.contentType("application/json");
        ctx.result(response.toJSONObject().toJSONString());
    }
}
