package dev.gatehouse.core.token;

/** A token that does not verify. The message is for the log; clients get only "invalid_token". */
public final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
        super(message, null, false, false);
    }
}
