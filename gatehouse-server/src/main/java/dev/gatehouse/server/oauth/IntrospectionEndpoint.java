package dev.gatehouse.server.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.gatehouse.client.TokenVerifier;
import dev.gatehouse.core.client.ClientAuthenticator;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.client.VerifiedAccessToken;
import dev.gatehouse.core.session.RefreshTokens;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.user.UserService;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.ops.LogText;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Date;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 7662 for resource servers registered to introspect. Access tokens are checked exactly as a gateway
 * checks them (signature, type, expiry, denylist), so a revocation shows at once; refresh tokens must be
 * live, in a live session, of an enabled user. Anything else is {@code {"active":false}} and nothing more.
 */
final class IntrospectionEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(IntrospectionEndpoint.class);
    private static final TokenIntrospectionSuccessResponse INACTIVE = new TokenIntrospectionSuccessResponse.Builder(false).build();

    private final ClientAuthenticator clientAuthenticator;
    private final TokenVerifier verifier;
    private final RefreshTokens refreshTokens;
    private final UserService users;
    private final URI uri;

    IntrospectionEndpoint(ClientAuthenticator clientAuthenticator, TokenVerifier verifier, RefreshTokens refreshTokens,
                          UserService users, URI issuer) {
        this.clientAuthenticator = clientAuthenticator;
        this.verifier = verifier;
        this.refreshTokens = refreshTokens;
        this.users = users;
        this.uri = URI.create(issuer + Endpoints.INTROSPECTION);
    }

    void handle(Context ctx) throws ParseException {
        FormRequest form = FormRequest.read(ctx, uri);
        OAuthClient client = form.authenticateConfidential(clientAuthenticator);
        if (!client.introspection()) {
            // RFC 7662 4: callers should be specifically authorized. The client did authenticate, so this is
            // not 401 invalid_client; 403 (RFC 9110 15.5.4) with unauthorized_client, the RFC 6749 5.2 code for
            // an authenticated client that may not do what it asked, tells its operator what is missing.
            throw new OAuthException(new ErrorObject(OAuth2Error.UNAUTHORIZED_CLIENT.getCode(),
                    "The client is not allowed to introspect tokens", 403),
                    "client " + client.clientId() + " is not registered for introspection");
        }
        TokenIntrospectionRequest parsed = TokenIntrospectionRequest.parse(form.http());
        String token = parsed.getToken().getValue();
        // token_type_hint only decides which kind is looked up first.
        Optional<TokenIntrospectionSuccessResponse> answer = parsed.getToken() instanceof RefreshToken
                ? refreshToken(token).or(() -> accessToken(token))
                : accessToken(token).or(() -> refreshToken(token));
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/json");
        ctx.result(answer.orElse(INACTIVE).toJSONObject().toJSONString());
    }

    private Optional<TokenIntrospectionSuccessResponse> accessToken(String token) {
        VerifiedAccessToken verified;
        try {
            verified = verifier.verify(token);
        } catch (InvalidTokenException e) {
            LOG.debug("introspected access token inactive: {}", LogText.printable(e.getMessage()));
            return Optional.empty();
        }
        String username = null;
        if (verified.sid() != null) {
            Optional<User> user = enabledUser(verified.subject());
            if (user.isEmpty()) {
                return Optional.empty();
            }
            username = user.get().username();
        }
        var b = new TokenIntrospectionSuccessResponse.Builder(true)
                .tokenType(AccessTokenType.BEARER)
                .scope(Scope.parse(verified.scope()))
                .clientID(new ClientID(verified.clientId()))
                .subject(new Subject(verified.subject()))
                .audience(verified.audience() == null ? null : Audience.create(verified.audience()))
                .issuer(new Issuer(verified.claims().getIssuer()))
                .expirationTime(Date.from(verified.expiresAt()))
                .issueTime(Date.from(verified.issuedAt()))
                .jwtID(new JWTID(verified.jti()))
                .parameter("roles", verified.roles().stream().sorted().toList());
        if (verified.sid() != null) {
            b.parameter("sid", verified.sid());
        }
        if (username != null) {
            b.username(username);
        }
        return Optional.of(b.build());
    }

    private Optional<TokenIntrospectionSuccessResponse> refreshToken(String token) {
        return refreshTokens.findUsable(token).map(IntrospectionEndpoint::refreshTokenAnswer);
    }

    private static TokenIntrospectionSuccessResponse refreshTokenAnswer(RefreshTokens.Usable usable) {
        var rt = usable.token();
        return new TokenIntrospectionSuccessResponse.Builder(true)
                .parameter("token_type", "refresh_token")
                .scope(Scope.parse(rt.scope()))
                .clientID(new ClientID(rt.clientId()))
                .subject(new Subject(rt.subject()))
                .username(usable.user().username())
                .expirationTime(Date.from(rt.expiresAt()))
                .issueTime(Date.from(rt.issuedAt()))
                .build();
    }

    private Optional<User> enabledUser(String id) {
        return users.find(id).filter(u -> !u.disabled());
    }
}
