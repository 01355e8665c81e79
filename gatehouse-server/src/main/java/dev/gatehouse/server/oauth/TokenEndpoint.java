package dev.gatehouse.server.oauth;

import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.util.ResourceUtils;
import dev.gatehouse.core.client.ClientAuthenticator;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.grant.GrantHandler;
import dev.gatehouse.core.grant.GrantRequest;
import dev.gatehouse.core.grant.Grants;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.server.Endpoints;
import dev.gatehouse.server.ops.ClientAddress;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** RFC 6749 3.2: read the form, authenticate the client, pick the grant, parse it once, run it, write 5.1 JSON. */
final class TokenEndpoint {
    private final ClientAuthenticator clientAuthenticator;
    private final Grants grants;
    private final URI uri;

    TokenEndpoint(ClientAuthenticator clientAuthenticator, Grants grants, URI issuer) {
        this.clientAuthenticator = clientAuthenticator;
        this.grants = grants;
        this.uri = URI.create(issuer + Endpoints.TOKEN);
    }

    void handle(Context ctx) throws ParseException {
        FormRequest form = FormRequest.read(ctx, uri);
        OAuthClient client = form.authenticate(clientAuthenticator);
        GrantHandler handler = grants.handler(client, form.param("grant_type"));
        TokenResult result = handler.handle(grantRequest(form, client, ctx));
        TokenResponses.write(ctx, result);
    }

    /** The grant, scope and resource of the already decoded form; a parse error carries the RFC error to answer. */
    private static GrantRequest grantRequest(FormRequest form, OAuthClient client, Context ctx) throws ParseException {
        AuthorizationGrant grant = AuthorizationGrant.parse(form.multiValuedParams());
        return new GrantRequest(client, grant, Scope.parse(form.param("scope")), resources(form.param("resource")),
                ClientAddress.of(ctx), ctx.userAgent());
    }

    /** RFC 8707 2: a resource is an absolute URI without a fragment; anything else is invalid_target. */
    private static List<URI> resources(String resource) throws ParseException {
        if (resource == null) {
            return List.of();
        }
        try {
            URI uri = new URI(resource);
            if (ResourceUtils.isLegalResourceURI(uri)) {
                return List.of(uri);
            }
        } catch (URISyntaxException e) {
            // answered below
        }
        String message = "Illegal resource parameter: must be an absolute URI without a fragment";
        throw new ParseException(message, OAuth2Error.INVALID_TARGET.setDescription(message));
    }
}
