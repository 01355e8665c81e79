package dev.gatehouse.server.consent;

import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.client.TokenVerifier;
import dev.gatehouse.client.VerifiedAccessToken;
import dev.gatehouse.core.client.ClientService;
import dev.gatehouse.core.consent.Consents;
import dev.gatehouse.core.user.UserService;
import dev.gatehouse.server.admin.AdminJson;
import dev.gatehouse.server.oauth.BearerToken;
import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.ops.ProblemException;
import io.javalin.http.Context;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signed-in user's own consents: the list, and revoking one client's. The caller presents a bearer access token
 * (RFC 6750 2.1) of this issuer meant for the issuer itself ({@code aud}), as the first-party client's tokens are,
 * and issued to a user at sign-in ({@code sid}); a client's own token has no user to speak for.
 */
final class MyConsentsEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(MyConsentsEndpoint.class);
    private static final String REALM = "Bearer realm=\"gatehouse\"";

    private final TokenVerifier verifier;
    private final String audience;
    private final UserService users;
    private final ClientService clients;
    private final Consents consents;

    MyConsentsEndpoint(TokenVerifier verifier, String audience, UserService users, ClientService clients,
                       Consents consents) {
        this.verifier = verifier;
        this.audience = audience;
        this.users = users;
        this.clients = clients;
        this.consents = consents;
    }

    void list(Context ctx) {
        String subject = authenticate(ctx);
        AdminJson.write(ctx, 200, ConsentView.ConsentList.of(consents.list(subject), clients));
    }

    /** The next authorization request of that client asks again; its refresh tokens for this user stop working. */
    void revoke(Context ctx) {
        String subject = authenticate(ctx);
        String clientId = ctx.pathParam("clientId");
        if (!consents.revoke(subject, clientId, "user:" + subject)) {
            throw ProblemException.notFound("no consent for client " + LogText.printable(clientId));
        }
        ctx.status(204);
    }

    /** The subject of a valid user access token for this issuer. */
    private String authenticate(Context ctx) {
        // RFC 6750 3.1: a request without credentials gets no error code
        String bearer = BearerToken.from(ctx).orElseThrow(() -> refused(401, "a bearer access token is required", REALM));
        VerifiedAccessToken token;
        try {
            token = verifier.verify(bearer);
        } catch (InvalidTokenException e) {
            LOG.debug("consent request with an unusable access token: {}", LogText.printable(e.getMessage()));
            throw refused(401, "the access token is invalid, expired or revoked", REALM + ", error=\"invalid_token\"");
        }
        List<String> aud = token.audience();
        if (aud == null || !aud.contains(audience)) {
            throw refused(403, "the access token is not meant for this issuer", REALM + ", error=\"insufficient_scope\"");
        }
        if (token.sid() == null || token.subject() == null || users.find(token.subject()).isEmpty()) {
            throw refused(403, "the access token was not issued to a signed-in user", REALM + ", error=\"insufficient_scope\"");
        }
        return token.subject();
    }

    private static ProblemException refused(int status, String detail, String challenge) {
        return new ProblemException(status, detail).header("WWW-Authenticate", challenge);
    }
}
