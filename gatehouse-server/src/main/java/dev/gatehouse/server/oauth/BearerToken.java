package dev.gatehouse.server.oauth;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * Reads a bearer token from the Authorization header (RFC 6750 2.1), the one way this issuer accepts: never
 * from a query string, which ends up in logs.
 */
public final class BearerToken {
    private static final String SCHEME = "Bearer ";

    private BearerToken() {}

    /** The token, or empty when the request carries no bearer credentials. */
    public static Optional<String> from(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
