package dev.gatehouse.core.token;

/**
 * What a successful grant or login returns.
 *
 * @param refreshToken null when the client does not get one
 * @param idToken      null unless the {@code openid} scope was granted to a user
 */
public record TokenResult(MintedToken accessToken, String scope, String refreshToken, MintedToken idToken) {
    public long expiresInSeconds() {
        return accessToken.expiresAt().getEpochSecond() - accessToken.issuedAt().getEpochSecond();
    }
}
