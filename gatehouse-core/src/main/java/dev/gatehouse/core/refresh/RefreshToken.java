package dev.gatehouse.core.refresh;

import java.time.Instant;

/**
 * A stored refresh token. Only the SHA-256 of the token is kept. Tokens rotated from one login form a
 * family ({@code familyId}); presenting a rotated member again revokes the family (RFC 9700 4.14.2).
 */
public record RefreshToken(String tokenHash, String familyId, String sessionId, String clientId, String subject,
                           String scope, Instant authTime, Instant issuedAt, Instant idleExpiresAt,
                           Instant absoluteExpiresAt) {

    public Instant expiresAt() {
        return idleExpiresAt.isBefore(absoluteExpiresAt) ? idleExpiresAt : absoluteExpiresAt;
    }
}
