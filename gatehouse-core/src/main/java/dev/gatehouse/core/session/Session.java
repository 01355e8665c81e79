package dev.gatehouse.core.session;

import java.time.Instant;

/**
 * A login: one user at one client. Every token minted from it carries its id as {@code sid}.
 *
 * @param expiresAt the absolute end; refresh stops working after it
 * @param revokedAt null while the session is live
 */
public record Session(String id, String subject, String clientId, Instant authTime, Instant createdAt,
                      Instant lastUsedAt, Instant expiresAt, String ipAddress, String userAgent, Instant revokedAt) {

    public boolean isActive(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
