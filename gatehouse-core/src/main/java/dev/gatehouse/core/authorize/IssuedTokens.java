package dev.gatehouse.core.authorize;

import java.time.Instant;

/**
 * What the redemption of an authorization code issued, kept with the code so that a replay can revoke it
 * (RFC 6749 4.1.2, RFC 9700 4.5).
 *
 * @param refreshFamilyId the family of the refresh token issued; null when none was
 * @param accessTokenJti  the {@code jti} of the access token issued
 */
public record IssuedTokens(String refreshFamilyId, String accessTokenJti, Instant accessTokenExpiresAt) {
}
