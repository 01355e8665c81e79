package dev.gatehouse.core.grant;

import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.token.TokenResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The grant handlers of this issuer, keyed by grant type: the one place that decides which grant runs. */
public final class Grants {
    private final Map<GrantType, GrantHandler> handlers = new LinkedHashMap<>();

    public Grants(List<GrantHandler> handlers) {
        handlers.forEach(h -> this.handlers.put(h.grantType(), h));
    }

    /**
     * The handler of {@code grantType} for this client, decided before the grant's own parameters are read:
     * a grant this issuer does not run is unsupported, not malformed.
     *
     * @param grantType the {@code grant_type} parameter as sent, null when absent
     */
    public GrantHandler handler(OAuthClient client, String grantType) {
        if (grantType == null) {
            throw OAuthException.invalidRequest("Missing grant_type parameter");
        }
        GrantHandler handler = handlers.get(new GrantType(grantType));
        if (handler == null) {
            throw OAuthException.unsupportedGrantType(grantType);
        }
        GrantType type = handler.grantType();
        // RFC 6749 4.4.2 and 3.2.1: a public client cannot authenticate, so a grant that requires it fails as
        // a client authentication would.
        if (type.requiresClientAuthentication() && client.isPublic()) {
            throw OAuthException.invalidClient("public client " + client.clientId() + " used " + type);
        }
        if (!client.grantTypes().contains(type)) {
            throw OAuthException.unauthorizedClient("The client may not use grant type " + type);
        }
        return handler;
    }

    /** A request whose grant is already parsed, through the same decision as {@link #handler}. */
    public TokenResult handle(GrantRequest request) {
        return handler(request.client(), request.grant().getType().getValue()).handle(request);
    }

    public Set<GrantType> supported() {
        return handlers.keySet();
    }
}
