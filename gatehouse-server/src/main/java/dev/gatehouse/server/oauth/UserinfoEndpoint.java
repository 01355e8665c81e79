package dev.gatehouse.server.oauth;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import com.nimbusds.openid.connect.sdk.OIDCScopeValue;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import dev.gatehouse.client.Bearer;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.client.VerifiedAccessToken;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.ops.LogText;
import io.javalin.http.Context;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect Core 5.3: the claims of the user behind an access token with the {@code openid} scope,
 * read from the store at the time of the call. Errors are RFC 6750 3 challenges.
 */
final class UserinfoEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(UserinfoEndpoint.class);
    private static final String REALM = "gatehouse";

    private final IssuerServices services;

    UserinfoEndpoint(IssuerServices services) {
        this.services = services;
    }

    void handle(Context ctx) {
        if (Bearer.ambiguous(BearerToken.values(ctx))) {
            challenge(ctx, BearerTokenError.INVALID_REQUEST.setDescription(Bearer.MORE_THAN_ONE));
            return;
        }
        Optional<String> token = BearerToken.from(ctx);
        if (token.isEmpty()) {
            // RFC 6750 3.1: a request without credentials gets a challenge with no error code.
            challenge(ctx, BearerTokenError.MISSING_TOKEN);
            return;
        }
        VerifiedAccessToken verified;
        try {
            verified = services.verifier().verify(token.get());
        } catch (InvalidTokenException e) {
            LOG.debug("userinfo: invalid token: {}", LogText.printable(e.getMessage()));
            challenge(ctx, BearerTokenError.INVALID_TOKEN);
            return;
        }
        if (!verified.scopes().contains(OIDCScopeValue.OPENID.getValue())) {
            challenge(ctx, BearerTokenError.INSUFFICIENT_SCOPE.setScope(new Scope(OIDCScopeValue.OPENID)));
            return;
        }
        Optional<User> user = services.stores().users().findById(verified.subject()).filter(u -> !u.disabled());
        if (user.isEmpty()) {
            LOG.debug("userinfo: subject {} is not an enabled user", verified.subject());
            challenge(ctx, BearerTokenError.INVALID_TOKEN);
            return;
        }
        UserInfo info = new UserInfo(new Subject(user.get().id()));
        info.setPreferredUsername(user.get().username());
        info.setClaim("roles", user.get().roles().stream().sorted().toList());
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/json");
        ctx.result(info.toJSONObject().toJSONString());
    }

    private static void challenge(Context ctx, BearerTokenError error) {
        BearerTokenError withRealm = error.setRealm(REALM);
        ctx.status(withRealm.getHTTPStatusCode());
        ctx.header("WWW-Authenticate", withRealm.toWWWAuthenticateHeader());
        ctx.header("Cache-Control", "no-store");
        if (withRealm.getCode() != null) {
            ctx.contentType("application/json");
            ctx.result(withRealm.toJSONObject().toJSONString());
        }
    }
}
