package dev.gatehouse.core.authorize;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * An authorization code as stored: only the hash of the code, and everything it is bound to (RFC 6749 4.1.2,
 * RFC 7636 4.4, OpenID Connect Core 3.1.2.5).
 *
 * @param codeHash      SHA-256 of the code the client received
 * @param redirectUri   the redirect_uri of the authorization request, exactly as sent (the token request must repeat it)
 * @param sessionId     the login session ({@code sid}) the browser session is tied to
 * @param scopes        the scopes granted
 * @param audiences     the resources the tokens are for (RFC 8707); empty for the client's registered audiences
 * @param nonce         the request's nonce, for the ID token; null when absent
 * @param codeChallenge the S256 PKCE challenge; null only for a confidential client that need not use PKCE
 * @param authTime      when the user last authenticated with a password
 */
public record AuthorizationCode(
        String codeHash,
        String clientId,
        URI redirectUri,
        String subject,
        String sessionId,
        Set<String> scopes,
        Set<String> audiences,
        String nonce,
        String codeChallenge,
        Instant authTime,
        Instant issuedAt,
        Instant expiresAt) {

    public AuthorizationCode {
        scopes = Set.copyOf(scopes);
        audiences = Set.copyOf(audiences);
    }
}
