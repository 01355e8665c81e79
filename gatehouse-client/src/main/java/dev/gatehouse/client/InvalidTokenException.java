package dev.gatehouse.client;

/**
 * A token that does not verify. {@link #reason()} is what a caller may be told; the message is for the
 * log only and may name internals.
 */
public final class InvalidTokenException extends Exception {
    /** Why a token was refused, in words a client may see (RFC 6750 {@code error_description}). */
    public enum Reason {
        MALFORMED("The access token is malformed"),
        EXPIRED("The access token expired"),
        REVOKED("The access token was revoked"),
        INVALID("The access token is invalid");

        private final String description;

        Reason(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Reason reason;

    public InvalidTokenException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public InvalidTokenException(String message) {
        this(Reason.INVALID, message);
    }

    public Reason reason() {
        return reason;
    }
}
