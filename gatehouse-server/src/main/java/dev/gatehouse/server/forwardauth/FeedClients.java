package dev.gatehouse.server.forwardauth;

import dev.gatehouse.server.ops.ClientAddress;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import dev.gatehouse.core.client.ClientAuthenticator;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.ops.ProblemException;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may follow the revocation feed: a confidential client authenticated with HTTP Basic, through the same
 * {@link ClientAuthenticator} (and so the same throttling of failed attempts) as the token endpoint, whose
 * registered scopes include {@value #SCOPE}.
 */
final class FeedClients {
    static final String SCOPE = "gatehouse.revocations";
    private static final Logger LOG = LoggerFactory.getLogger(FeedClients.class);

    private final ClientAuthenticator authenticator;

    FeedClients(ClientAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** @throws ProblemException 401 without valid credentials, 429 while throttled, 403 without the scope */
    OAuthClient authenticate(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw unauthorized("Client credentials are required (HTTP Basic)");
        }
        OAuthClient client;
        try {
            client = authenticator.authenticate(ClientSecretBasic.parse(authorization), null, ClientAddress.of(ctx));
        } catch (ParseException e) {
            throw unauthorized("Malformed HTTP Basic credentials");
        } catch (OAuthException e) {
            if (e.retryAfter() != null) {
                LOG.info("revocation feed: throttled: {}", LogText.printable(e.detail()));
                throw ProblemException.throttled(e);
            }
            LOG.info("revocation feed: client authentication failed: {}", LogText.printable(e.detail()));
            throw unauthorized("Client authentication failed");
        }
        if (client.isPublic() || !client.scopes().contains(SCOPE)) {
            LOG.info("revocation feed refused to client {}: scope {} not registered", client.clientId(), SCOPE);
            throw new ProblemException(403, "The client is not registered for the scope " + SCOPE);
        }
        return client;
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(401, detail).header("WWW-Authenticate", "Basic realm=\"gatehouse\"");
    }
}
