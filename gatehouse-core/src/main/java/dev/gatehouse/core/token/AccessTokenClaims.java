package dev.gatehouse.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * What goes into an RFC 9068 access token besides iss, iat, exp and jti.
 *
 * @param sid      session id; null for client_credentials tokens
 * @param authTime when the user authenticated; null for client_credentials tokens
 */
public record AccessTokenClaims(String subject, String clientId, Set<String> audience, String scope, String sid,
                                Instant authTime, Set<String> roles, Duration ttl) {
    public AccessTokenClaims {
        audience = Set.copyOf(audience);
        roles = Set.copyOf(roles);
    }
}
