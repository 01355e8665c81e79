package dev.gatehouse.server.oauth;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import dev.gatehouse.client.TokenVerifier;
import dev.gatehouse.core.client.ClientAuthenticator;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.core.session.RefreshTokens;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.client.VerifiedAccessToken;
import dev.gatehouse.server.Endpoints;
import io.javalin.http.Context;
import java.net.URI;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 7009. A client revokes its own tokens: a refresh token takes its whole family and session along,
 * an access token is denylisted until it expires.
 *
 * <p>A token issued to another client is left alone, and the answer is still 200: an error would tell
 * the caller that the token it holds exists and whose it is, while 200 is exactly what an unknown token
 * gets (2.2). Which client tried is logged.
 */
final class RevocationEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationEndpoint.class);
    private static final String CAUSE = "revocation_endpoint";

    private final ClientAuthenticator clientAuthenticator;
    private final TokenVerifier verifier;
    private final RefreshTokens refreshTokens;
    private final Revocations revocations;
    private final URI uri;

    RevocationEndpoint(ClientAuthenticator clientAuthenticator, TokenVerifier verifier, RefreshTokens refreshTokens,
                       Revocations revocations, URI issuer) {
        this.clientAuthenticator = clientAuthenticator;
        this.verifier = verifier;
        this.refreshTokens = refreshTokens;
        this.revocations = revocations;
        this.uri = URI.create(issuer + Endpoints.REVOCATION);
    }

    void handle(Context ctx) throws ParseException {
        FormRequest form = FormRequest.read(ctx, uri);
        OAuthClient client = form.authenticate(clientAuthenticator);
        TokenRevocationRequest parsed = TokenRevocationRequest.parse(form.http());
        String token = parsed.getToken().getValue();
        // token_type_hint only decides which kind is looked up first (2.1).
        boolean found = parsed.getToken() instanceof AccessToken
                ? revokeAccessToken(token, client) || revokeRefreshToken(token, client)
                : revokeRefreshToken(token, client) || revokeAccessToken(token, client);
        if (!found) {
            // RFC 7009 2.2: an invalid or unknown token is not an error.
            LOG.debug("client {} revoked an unknown or invalid token", client.clientId());
        }
        ctx.status(200);
        ctx.header("Cache-Control", "no-store");
    }

    /** @return true when the token is one of our refresh tokens, whoever it was issued to */
    private boolean revokeRefreshToken(String token, OAuthClient client) {
        Optional<RefreshToken> stored = refreshTokens.find(token);
        if (stored.isEmpty()) {
            return false;
        }
        if (stored.get().clientId().equals(client.clientId())) {
            revocations.revokeRefreshFamily(stored.get(), actor(client), CAUSE);
        } else {
            LOG.info("client {} asked to revoke a refresh token of client {}; not revoked", client.clientId(),
                    stored.get().clientId());
        }
        return true;
    }

    /** @return true when the token is a valid access token of ours, whoever it was issued to */
    private boolean revokeAccessToken(String token, OAuthClient client) {
        VerifiedAccessToken verified;
        try {
            verified = verifier.verify(token);
        } catch (InvalidTokenException e) {
            return false;
        }
        if (client.clientId().equals(verified.clientId())) {
            revocations.revokeAccessToken(verified.jti(), verified.subject(), verified.clientId(),
                    verified.expiresAt(), actor(client), CAUSE);
        } else {
            LOG.info("client {} asked to revoke an access token of client {}; not revoked", client.clientId(),
                    verified.clientId());
        }
        return true;
    }

    private static String actor(OAuthClient client) {
        return "client:" + client.clientId();
    }
}
