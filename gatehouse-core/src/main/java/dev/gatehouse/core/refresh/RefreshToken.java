package dev.gatehouse.core.refresh;

import java.time.Instant;
import java.util.Set;

/**
 * A stored refresh token. Only the SHA-256 of the token is kept. Tokens rotated from one login form a
 * family ({@code familyId}); presenting a rotated member again revokes the family (RFC 9700 4.14.2).
 * {@code scope} and {@code audience} are what the family was granted; a null {@code audience} (tokens stored
 * before the audience was kept) stands for the client's registered audiences.
 */
public record RefreshToken(String tokenHash, String familyId, String sessionId, String clientId, String subject,
                           String scope, Set<String> audience, Instant authTime, Instant issuedAt,
                           Instant idleExpiresAt, Instant absoluteExpiresAt) {

    public RefreshToken {
        audience = audience == null ? null : Set.copyOf(audience);
    }

    public Instant expiresAt() {
        return idleExpiresAt.isBefore(absoluteExpiresAt) ? idleExpiresAt : absoluteExpiresAt;
    }
}
