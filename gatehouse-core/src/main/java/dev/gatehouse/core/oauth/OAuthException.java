package dev.gatehouse.core.oauth;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import java.time.Duration;
import java.util.Objects;

/**
 * The one failure type of every OAuth flow. {@link #error()} is what the client sees (RFC 6749 section
 * 5.2 error object with its HTTP status); {@link #detail()} is the real reason, for the log only.
 */
public final class OAuthException extends RuntimeException {
    private final ErrorObject error;
    private final String detail;
    private final Duration retryAfter;

    public OAuthException(ErrorObject error, String detail) {
        this(error, detail, null);
    }

    public OAuthException(ErrorObject error, String detail, Duration retryAfter) {
        super(error.getCode() + ": " + detail, null, false, false);
        this.error = Objects.requireNonNull(error);
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    public ErrorObject error() { return error; }

    public String detail() { return detail; }

    /** Set when the caller is throttled: the response is 429 with a Retry-After header. */
    public Duration retryAfter() { return retryAfter; }

    /** The {@code Retry-After} header value for a throttled caller: whole seconds, rounded up, at least 1. */
    public String retryAfterHeader() {
        return Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }

    public static OAuthException invalidRequest(String description) {
        return new OAuthException(OAuth2Error.INVALID_REQUEST.setDescription(describable(description)), description);
    }

    public static OAuthException invalidClient(String detail) {
        return new OAuthException(OAuth2Error.INVALID_CLIENT.setDescription("Client authentication failed"), detail);
    }

    public static OAuthException invalidGrant(String description, String detail) {
        return new OAuthException(OAuth2Error.INVALID_GRANT.setDescription(describable(description)), detail);
    }

    public static OAuthException unauthorizedClient(String description) {
        return new OAuthException(OAuth2Error.UNAUTHORIZED_CLIENT.setDescription(describable(description)), description);
    }

    public static OAuthException unsupportedGrantType(String grantType) {
        return new OAuthException(OAuth2Error.UNSUPPORTED_GRANT_TYPE.setDescription("Unsupported grant type"),
                "unsupported grant_type " + grantType);
    }

    public static OAuthException invalidScope(String description) {
        return new OAuthException(OAuth2Error.INVALID_SCOPE.setDescription(describable(description)), description);
    }

    /** RFC 8707 section 2: a requested resource the client may not receive tokens for. */
    public static OAuthException invalidTarget(String description) {
        return new OAuthException(new ErrorObject("invalid_target", describable(description), 400), description);
    }

    /**
     * The description as RFC 6749 section 5.2 allows it (printable ASCII without {@code "} and {@code \\}): a
     * description may quote what the client sent, and anything else would not fit the error object.
     */
    static String describable(String description) {
        StringBuilder out = new StringBuilder(description.length());
        description.codePoints().forEach(c -> out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? (char) c : '?'));
        return out.toString();
    }

    /**
     * 429 with Retry-After for a caller whose failed attempts must be waited out. RFC 6749 5.2 closes the list
     * of token endpoint error codes, and {@code temporarily_unavailable} (4.1.2.1) and {@code slow_down} (RFC
     * 8628 3.5) belong to other endpoints; of the 5.2 codes {@code invalid_request} is the one that blames
     * nothing the client could not retry. The status (RFC 6585 4) and Retry-After (RFC 9110 10.2.3) say when.
     */
    public static OAuthException throttled(Duration retryAfter) {
        return new OAuthException(
                OAuth2Error.INVALID_REQUEST.setHTTPStatusCode(429).setDescription("Too many failed attempts; retry later"),
                "throttled for " + retryAfter, retryAfter);
    }

    /** As {@link #throttled}, for a caller with too many attempts in progress at once: nothing failed. */
    public static OAuthException busy(Duration retryAfter) {
        return new OAuthException(
                OAuth2Error.INVALID_REQUEST.setHTTPStatusCode(429).setDescription("Too many attempts at once; retry shortly"),
                "too many attempts in progress", retryAfter);
    }
}
