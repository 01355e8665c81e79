package dev.gatehouse.server.oauth;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import com.nimbusds.openid.connect.sdk.OIDCScopeValue;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import dev.gatehouse.client.Bearer;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.client.VerifiedAccessToken;
import dev.gatehouse.core.claims.ClaimRelease;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.IssuerServices;
import dev.gatehouse.server.ops.LogText;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect Core 5.3: {@code sub}, the claims the token's scopes release (5.4, {@link ClaimRelease}) and the
 * user's roles, read from the store at the time of the call, for an access token with the {@code openid} scope.
 * The token comes in the Authorization header (RFC 6750 2.1) or, on POST, in a form body (2.2); never in the query
 * string (2.3), which ends up in logs. Errors are RFC 6750 3 challenges.
 */
final class UserinfoEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(UserinfoEndpoint.class);
    private static final String REALM = "gatehouse";
    private static final String FORM_FIELD = "access_token";

    private final IssuerServices services;

    UserinfoEndpoint(IssuerServices services) {
        this.services = services;
    }

    void handle(Context ctx) {
        Optional<String> token;
        try {
            token = presentedToken(ctx);
        } catch (OAuthException e) {
            LOG.debug("userinfo: invalid request: {}", LogText.printable(e.detail()));
            challenge(ctx, BearerTokenError.INVALID_REQUEST.setDescription(e.error().getDescription()));
            return;
        }
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
        ClaimRelease.claims(user.get(), verified.scopes()).forEach(info::setClaim);
        info.setClaim("roles", user.get().roles().stream().sorted().toList());
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/json");
        ctx.result(info.toJSONObject().toJSONString());
    }

    /**
     * The bearer token of the request, from the Authorization header or, on POST, the form body. A token in the
     * query string is never taken, and a request that carries one in more than one place is refused (RFC 6750 2:
     * a client must not use more than one method), as is one with more than one Authorization header.
     *
     * @throws OAuthException invalid_request, for the challenge
     */
    private static Optional<String> presentedToken(Context ctx) {
        List<String> authorizations = BearerToken.values(ctx);
        if (Bearer.ambiguous(authorizations)) {
            throw OAuthException.invalidRequest(Bearer.MORE_THAN_ONE);
        }
        Optional<String> header = Bearer.token(authorizations.isEmpty() ? null : authorizations.getFirst());
        Optional<String> body = formToken(ctx);
        boolean query = ctx.queryParamMap().containsKey(FORM_FIELD);
        if (Stream.of(header.isPresent(), body.isPresent(), query).filter(b -> b).count() > 1) {
            throw OAuthException.invalidRequest("The access token is sent in more than one way");
        }
        return header.or(() -> body);
    }

    /** RFC 6750 2.2: a form-encoded POST body's access_token; other methods and content types carry none. */
    private static Optional<String> formToken(Context ctx) {
        if (ctx.method() != HandlerType.POST || !FormRequest.isForm(ctx.header("Content-Type"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(FormRequest.decode(new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8))
                .get(FORM_FIELD));
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
