package dev.gatehouse.core.grant;

import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.token.TokenResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The grant handlers of this issuer, keyed by grant type. */
public final class Grants {
    private final Map<GrantType, GrantHandler> handlers = new LinkedHashMap<>();

    public Grants(List<GrantHandler> handlers) {
        handlers.forEach(h -> this.handlers.put(h.grantType(), h));
    }

    public TokenResult handle(TokenRequest request) {
        GrantType type = request.grant().getType();
        GrantHandler handler = handlers.get(type);
        if (handler == null) {
            throw OAuthException.unsupportedGrantType(type.getValue());
        }
        if (!request.client().grantTypes().contains(type)) {
            throw OAuthException.unauthorizedClient("The client may not use grant type " + type);
        }
        return handler.handle(request);
    }

    public Set<GrantType> supported() {
        return handlers.keySet();
    }
}
