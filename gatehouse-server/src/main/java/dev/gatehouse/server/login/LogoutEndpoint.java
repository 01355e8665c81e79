package dev.gatehouse.server.login;

import dev.gatehouse.client.TokenVerifier;
import dev.gatehouse.core.client.ClientService;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.revocation.Revocations;
import dev.gatehouse.client.InvalidTokenException;
import dev.gatehouse.client.VerifiedAccessToken;
import dev.gatehouse.server.oauth.BearerToken;
import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.ops.ProblemException;
import io.javalin.http.Context;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the session of the presented access token, or with {@code {"all": true}} every session of its
 * subject. Revocation goes through the revocation log, so gateways stop honouring the tokens too. Only a
 * token issued to a first-party client may log out: a resource server that was sent a user's token must
 * not be able to end the user's sessions with it.
 */
final class LogoutEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(LogoutEndpoint.class);
    private static final Set<String> MEMBERS = Set.of("all");

    private final TokenVerifier verifier;
    private final ClientService clients;
    private final Revocations revocations;

    LogoutEndpoint(TokenVerifier verifier, ClientService clients, Revocations revocations) {
        this.verifier = verifier;
        this.clients = clients;
        this.revocations = revocations;
    }

    void handle(Context ctx) {
        VerifiedAccessToken token = authenticate(ctx);
        boolean firstParty = token.clientId() != null
                && clients.find(token.clientId()).map(OAuthClient::firstParty).orElse(false);
        if (!firstParty) {
            LOG.info("logout refused: token of client {} is not first-party", LogText.printable(token.clientId()));
            throw new ProblemException(403, "Only a token of a first-party client may log out");
        }
        boolean all = JsonBody.readOptional(ctx, MEMBERS).flatMap(b -> b.optionalBoolean("all")).orElse(false);
        if (token.sid() == null) {
            throw ProblemException.badRequest("This access token belongs to no login session");
        }
        String actor = "user:" + token.subject();
        if (all) {
            revocations.revokeSubject(token.subject(), actor, "logout_all");
        } else {
            revocations.revokeSession(token.sid(), token.subject(), actor, "logout");
        }
        ctx.status(204);
    }

    /** RFC 6750 2.1 and 3.1: no bearer credentials get a bare challenge, a bad token an invalid_token one. */
    private VerifiedAccessToken authenticate(Context ctx) {
        String bearer = BearerToken.from(ctx).orElseThrow(() -> unauthorized("Bearer"));
        try {
            return verifier.verify(bearer);
        } catch (InvalidTokenException e) {
            LOG.info("logout refused: {}", LogText.printable(e.getMessage()));
            throw unauthorized("Bearer error=\"invalid_token\"");
        }
    }

    private static ProblemException unauthorized(String challenge) {
        return new ProblemException(401, "A valid bearer access token is required").header("WWW-Authenticate", challenge);
    }
}
