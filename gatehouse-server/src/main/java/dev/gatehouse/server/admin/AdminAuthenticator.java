package dev.gatehouse.server.admin;

import dev.gatehouse.server.oauth.BearerToken;

import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.ops.ProblemException;

import dev.gatehouse.client.TokenVerifier;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.client.VerifiedAccessToken;
import io.javalin.http.Context;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a request carrying a bearer access token (RFC 6750 2.1) of this issuer that is meant for the issuer
 * itself ({@code aud}) and held by an admin ({@code roles}). Signature, type, expiry and revocation are the
 * verifier's checks.
 */
final class AdminAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(AdminAuthenticator.class);
    private static final String REALM = "Bearer realm=\"gatehouse\"";

    private final TokenVerifier verifier;
    private final String audience;

    AdminAuthenticator(TokenVerifier verifier, String audience) {
        this.verifier = verifier;
        this.audience = audience;
    }

    Admin authenticate(Context ctx) {
        // RFC 6750 3.1: a request without credentials gets no error code.
        String bearer = BearerToken.from(ctx)
                .orElseThrow(() -> failure(401, "a bearer access token is required", REALM));
        VerifiedAccessToken token;
        try {
            token = verifier.verify(bearer);
        } catch (InvalidTokenException e) {
            LOG.debug("admin request with an unusable access token: {}", LogText.printable(e.getMessage()));
            throw failure(401, "the access token is invalid, expired or revoked", REALM + ", error=\"invalid_token\"");
        }
        List<String> aud = token.audience();
        if (aud == null || !aud.contains(audience)) {
            throw failure(403, "the access token is not meant for this issuer", REALM + ", error=\"insufficient_scope\"");
        }
        if (!token.roles().contains(Admin.ROLE)) {
            throw failure(403, "the admin role is required", REALM + ", error=\"insufficient_scope\"");
        }
        return new Admin(token.subject());
    }

    private static ProblemException failure(int status, String detail, String challenge) {
        return new ProblemException(status, detail).header("WWW-Authenticate", challenge);
    }
}
