package dev.gatehouse.core.grant;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import dev.gatehouse.core.login.PasswordAuthenticator;
import dev.gatehouse.core.session.SessionTokens;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;

/**
 * RFC 6749 4.3, kept only for clients explicitly registered with it (OAuth 2.1 drops it; {@link Grants}
 * refuses it for every other client).
 */
public final class PasswordGrantHandler implements GrantHandler {
    private final PasswordAuthenticator authenticator;
    private final SessionTokens sessions;

    public PasswordGrantHandler(PasswordAuthenticator authenticator, SessionTokens sessions) {
        this.authenticator = authenticator;
        this.sessions = sessions;
    }

    @Override
    public GrantType grantType() {
        return GrantType.PASSWORD;
    }

    @Override
    public TokenResult handle(GrantRequest request) {
        var grant = (ResourceOwnerPasswordCredentialsGrant) request.grant();
        User user = authenticator.authenticate(grant.getUsername(), grant.getPassword().getValue(),
                request.client().clientId(), request.ipAddress());
        return sessions.login(user, request.client(), request.scope(), request.resources(), request.ipAddress(),
                request.userAgent(), GrantType.PASSWORD.getValue());
    }
}
