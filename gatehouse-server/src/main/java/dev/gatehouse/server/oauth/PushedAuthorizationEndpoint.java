package dev.gatehouse.server.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import dev.gatehouse.core.authorize.AuthorizationRequests;
import dev.gatehouse.core.client.ClientAuthenticator;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.server.Endpoints;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RFC 9126 pushed authorization requests: the client authenticates as at the token endpoint, the request is
 * validated as at the authorization endpoint and kept for {@link AuthorizationRequests#PUSHED_LIFETIME}; the answer
 * is 201 with the {@code request_uri} to send the browser with. Errors are RFC 6749 5.2 JSON.
 */
public final class PushedAuthorizationEndpoint {
    /** Client credentials are never stored with the request. */
    private static final Set<String> CREDENTIALS = Set.of("client_secret", "client_assertion", "client_assertion_type");

    private final ClientAuthenticator clientAuthenticator;
    private final AuthorizationRequests requests;
    private final URI uri;

    private PushedAuthorizationEndpoint(ClientAuthenticator clientAuthenticator, AuthorizationRequests requests,
                                        URI issuer) {
        this.clientAuthenticator = clientAuthenticator;
        this.requests = requests;
        this.uri = URI.create(issuer + Endpoints.PAR);
    }

    public static Handler handler(ClientAuthenticator clientAuthenticator, AuthorizationRequests requests, URI issuer) {
        return OAuthErrors.guard(new PushedAuthorizationEndpoint(clientAuthenticator, requests, issuer)::handle);
    }

    /** Any other method than POST: 405 with the OAuth error JSON. */
    public static void postOnly(Context ctx) {
        ctx.header("Allow", "POST");
        OAuthErrors.writeJson(ctx, new ErrorObject(OAuth2Error.INVALID_REQUEST.getCode(),
                "This endpoint accepts POST only", 405));
    }

    private void handle(Context ctx) {
        FormRequest form = FormRequest.read(ctx, uri);
        OAuthClient client = form.authenticate(clientAuthenticator);
        Map<String, List<String>> params = form.multiValuedParams();
        params.keySet().removeAll(CREDENTIALS);
        String requestUri = requests.push(client, params);
        ctx.status(201);
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/json");
        ctx.result("{\"request_uri\":\"" + requestUri + "\",\"expires_in\":"
                + AuthorizationRequests.PUSHED_LIFETIME.toSeconds() + "}");
    }
}
