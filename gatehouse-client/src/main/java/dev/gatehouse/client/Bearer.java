package dev.gatehouse.client;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads a bearer token from an Authorization header value (RFC 6750 section 2.1), the one place tokens are
 * accepted from: never a query string, which ends up in logs.
 */
public final class Bearer {
    private static final String SCHEME = "Bearer ";
    /** RFC 6750 {@code b64token}. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    /** Why a request with more than one Authorization header is refused. */
    public static final String MORE_THAN_ONE = "The request carries more than one Authorization header";

    private Bearer() {}

    /**
     * Whether a request's Authorization header values are ambiguous: more than one field is refused with 400
     * invalid_request (RFC 6750 3.1) by every gate, rather than one of them picked.
     */
    public static boolean ambiguous(List<String> authorizations) {
        return authorizations.size() > 1;
    }

    /** The token as sent, or empty when the header is absent, of another scheme, or carries nothing. */
    public static Optional<String> token(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(SCHEME.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** Whether the text has the syntax RFC 6750 allows for a bearer token. */
    public static boolean wellFormed(String token) {
        return token.length() <= 8192 && B64TOKEN.matcher(token).matches();
    }
}
