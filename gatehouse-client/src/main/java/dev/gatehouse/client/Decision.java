package dev.gatehouse.client;

/** The verdict on one request to a protected resource, ready to be written as an HTTP answer. */
public sealed interface Decision {
    /** The token is valid and carries the rights: forward with {@link IdentityHeaders}. */
    record Allowed(VerifiedAccessToken token) implements Decision {}

    /**
     * Refused.
     *
     * @param status          401, 403 or 503
     * @param error           the RFC 6750 error code, or null when the request carried no token at all
     * @param description     a sentence a client may see
     * @param wwwAuthenticate the challenge for the {@code WWW-Authenticate} header, or null (503)
     */
    record Denied(int status, String error, String description, String wwwAuthenticate) implements Decision {}
}
