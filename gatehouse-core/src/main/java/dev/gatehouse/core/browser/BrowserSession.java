package dev.gatehouse.core.browser;

import java.time.Instant;

/**
 * A signed-in browser: the single sign-on session behind the issuer's session cookie. It lives only as long as
 * the login session ({@code sid}) it is tied to, so whatever revokes that session signs the browser out.
 *
 * @param idHash     SHA-256 of the cookie value
 * @param sessionId  the login session ({@code sid}) every token minted through this browser carries
 * @param authTime   when the user last authenticated with a password
 * @param lastSeenAt for the idle limit
 * @param expiresAt  the absolute limit
 */
public record BrowserSession(
        String idHash,
        String sessionId,
        String subject,
        Instant authTime,
        Instant createdAt,
        Instant lastSeenAt,
        Instant expiresAt) {
}
