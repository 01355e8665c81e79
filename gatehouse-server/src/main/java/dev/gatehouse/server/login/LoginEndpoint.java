package dev.gatehouse.server.login;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.gatehouse.core.client.ClientAuthenticator;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.client.Entitlements;
import dev.gatehouse.core.login.PasswordAuthenticator;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.session.SessionTokens;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import dev.gatehouse.server.oauth.TokenResponses;
import dev.gatehouse.server.ops.LogText;
import dev.gatehouse.server.ops.ProblemException;
import dev.gatehouse.server.ops.ClientAddress;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-party JSON login: a username and password in, tokens out, shaped like an RFC 6749 5.1 token
 * response. It is not an OAuth endpoint, so errors are problem details; an unknown user, a disabled user
 * and a wrong password get one and the same 401.
 */
final class LoginEndpoint {
    static final String VIA = "login";
    private static final Logger LOG = LoggerFactory.getLogger(LoginEndpoint.class);
    private static final String BASIC_CHALLENGE = "Basic realm=\"gatehouse\"";

    private final ClientAuthenticator clientAuthenticator;
    private final PasswordAuthenticator passwordAuthenticator;
    private final SessionTokens sessionTokens;

    LoginEndpoint(ClientAuthenticator clientAuthenticator, PasswordAuthenticator passwordAuthenticator,
                  SessionTokens sessionTokens) {
        this.clientAuthenticator = clientAuthenticator;
        this.passwordAuthenticator = passwordAuthenticator;
        this.sessionTokens = sessionTokens;
    }

    void handle(Context ctx) {
        LoginRequest request = LoginRequest.from(JsonBody.read(ctx, LoginRequest.MEMBERS));
        TokenResult tokens;
        try {
            OAuthClient client = client(ctx, request.clientId());
            // a request that cannot succeed costs no password hashing and counts no failed login
            Entitlements.scope(client, request.scope());
            User user = passwordAuthenticator.authenticate(request.username(), request.password(),
                    client.clientId(), ClientAddress.of(ctx));
            tokens = sessionTokens.login(user, client, request.scope(), List.of(), ClientAddress.of(ctx),
                    ctx.userAgent(), VIA);
        } catch (OAuthException e) {
            LOG.info("login refused: {}", LogText.printable(e.detail()));
            throw problem(e);
        }
        TokenResponses.write(ctx, tokens);
    }

    /** The named client (the built-in first-party one by default), authenticated when confidential. */
    private OAuthClient client(Context ctx, String requested) {
        String authorization = ctx.header("Authorization");
        ClientSecretBasic basic = null;
        if (authorization != null && authorization.toLowerCase(Locale.ROOT).startsWith("basic ")) {
            try {
                basic = ClientSecretBasic.parse(authorization);
            } catch (ParseException e) {
                throw OAuthException.invalidClient("malformed Basic credentials");
            }
        }
        ClientID id = requested != null ? new ClientID(requested)
                : basic != null ? basic.getClientID() : new ClientID(FirstPartyClient.CLIENT_ID);
        OAuthClient client = clientAuthenticator.authenticate(basic, id, ClientAddress.of(ctx));
        if (!client.firstParty()) {
            LOG.info("login refused: client {} is not first-party", client.clientId());
            throw new ProblemException(403, "This client may not use the login endpoint");
        }
        return client;
    }

    private static ProblemException problem(OAuthException e) {
        if (e.retryAfter() != null) {
            return ProblemException.throttled(e);
        }
        return switch (e.error().getCode()) {
            case "invalid_grant" -> new ProblemException(401, "Invalid username or password");
            case "invalid_client" -> new ProblemException(401, "Client authentication failed")
                    .header("WWW-Authenticate", BASIC_CHALLENGE);
            default -> {
                int status = e.error().getHTTPStatusCode();
                yield new ProblemException(status >= 400 && status <= 599 ? status : 400, e.error().getDescription());
            }
        };
    }
}
