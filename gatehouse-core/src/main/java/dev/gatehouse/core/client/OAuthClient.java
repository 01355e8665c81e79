package dev.gatehouse.core.client;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A registered client.
 *
 * @param secretHash        "sha256:..." for generated secrets, an Argon2id PHC string for declared ones; null for public clients
 * @param authMethods       accepted token endpoint authentication methods; {@code none} for public clients
 * @param jwks              JSON Web Key Set of a private_key_jwt client, null otherwise
 * @param scopes            scopes the client may ask for
 * @param audiences         audiences its access tokens may carry (RFC 8707 resources)
 * @param roles             roles granted to the client itself in client_credentials tokens
 * @param firstParty        may use the first-party JSON login endpoint
 * @param introspection     may call the introspection endpoint
 * @param accessTokenTtl    overrides; null means the issuer default
 * @param refreshGracePeriod how long after a rotation the rotated refresh token, presented again by this client,
 *                          gets the same successor back instead of counting as reuse; zero is strict (every
 *                          re-presentation is reuse); null means {@link #DEFAULT_REFRESH_GRACE_PERIOD}
 * @param signingAlgorithm  access token algorithm for this client; null means the issuer default
 * @param browser           how it signs people in through the browser (redirects after logout, consent, PAR, PKCE)
 */
public record OAuthClient(
        String clientId,
        String name,
        String secretHash,
        Set<ClientAuthenticationMethod> authMethods,
        String jwks,
        Set<GrantType> grantTypes,
        Set<String> scopes,
        Set<String> audiences,
        Set<String> roles,
        List<URI> redirectUris,
        boolean firstParty,
        boolean introspection,
        Duration accessTokenTtl,
        Duration refreshIdleTtl,
        Duration refreshAbsoluteTtl,
        Duration refreshGracePeriod,
        JWSAlgorithm signingAlgorithm,
        Instant createdAt,
        BrowserSignIn browser) {

    /** Long enough for a retry after a lost answer, short enough that a stolen token is rarely still in it. */
    public static final Duration DEFAULT_REFRESH_GRACE_PERIOD = Duration.ofSeconds(5);
    public static final Duration MAX_REFRESH_GRACE_PERIOD = Duration.ofSeconds(60);

    public OAuthClient {
        authMethods = Set.copyOf(authMethods);
        grantTypes = Set.copyOf(grantTypes);
        scopes = Set.copyOf(scopes);
        audiences = Set.copyOf(audiences);
        roles = Set.copyOf(roles);
        redirectUris = List.copyOf(redirectUris);
        if (browser == null) {
            browser = BrowserSignIn.defaults(firstParty);
        }
    }

    public boolean isPublic() {
        return authMethods.equals(Set.of(ClientAuthenticationMethod.NONE));
    }

    public OAuthClient withSecretHash(String hash) {
        return new OAuthClient(clientId, name, hash, authMethods, jwks, grantTypes, scopes, audiences, roles,
                redirectUris, firstParty, introspection, accessTokenTtl, refreshIdleTtl, refreshAbsoluteTtl,
                refreshGracePeriod, signingAlgorithm, createdAt, browser);
    }

    /** A public client must use PKCE whatever its registration says (OAuth 2.1 7.5.1). */
    public boolean requiresPkce() {
        return isPublic() || browser.requirePkce();
    }
}
