package dev.gatehouse.core.grant;

import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.core.token.TokenResult;

/** One OAuth grant type. Handlers are looked up by {@link #grantType()}; there is no switch over grants. */
public interface GrantHandler {
    GrantType grantType();

    /** @throws dev.gatehouse.core.oauth.OAuthException with the RFC 6749 5.2 error to answer */
    TokenResult handle(GrantRequest request);
}
