package dev.gatehouse.core.grant;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.core.client.Entitlements;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.metrics.IssuerMetrics;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.token.AccessTokenClaims;
import dev.gatehouse.core.token.MintedToken;
import dev.gatehouse.core.token.TokenMinter;
import dev.gatehouse.core.token.TokenResult;

/**
 * RFC 6749 4.4: a service acting for itself. The subject is the client id; no refresh token is issued
 * (4.4.3) and nothing is stored, so this path touches no database.
 */
public final class ClientCredentialsGrantHandler implements GrantHandler {
    private final TokenMinter minter;
    private final TokenConfig config;
    private final IssuerMetrics metrics;

    public ClientCredentialsGrantHandler(TokenMinter minter, TokenConfig config, IssuerMetrics metrics) {
        this.minter = minter;
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public GrantType grantType() {
        return GrantType.CLIENT_CREDENTIALS;
    }

    @Override
    public TokenResult handle(GrantRequest request) {
        var client = request.client();
        if (client.isPublic()) {
            throw OAuthException.unauthorizedClient("client_credentials requires a confidential client");
        }
        Scope scope = Entitlements.entitled(Entitlements.scope(client, request.scope()), client.roles());
        MintedToken token = minter.accessToken(new AccessTokenClaims(client.clientId(), client.clientId(),
                Entitlements.audience(client, request.resources()), scope.toString(), null, null, client.roles(),
                Entitlements.accessTokenTtl(client, config)), client.signingAlgorithm());
        metrics.tokenIssued(GrantType.CLIENT_CREDENTIALS.getValue());
        return new TokenResult(token, scope.toString(), null, null);
    }
}
