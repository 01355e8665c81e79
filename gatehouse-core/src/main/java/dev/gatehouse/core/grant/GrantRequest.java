package dev.gatehouse.core.grant;

import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.core.client.OAuthClient;
import java.net.URI;
import java.util.List;

/**
 * A parsed, client-authenticated token request (RFC 6749 3.2) as its grant handler takes it: no HTTP.
 *
 * @param scope     requested scope, null when the request named none
 * @param resources RFC 8707 resource indicators (requested audiences), empty when none
 */
public record GrantRequest(OAuthClient client, AuthorizationGrant grant, Scope scope, List<URI> resources,
                           String ipAddress, String userAgent) {
    public GrantRequest {
        resources = List.copyOf(resources);
    }
}
