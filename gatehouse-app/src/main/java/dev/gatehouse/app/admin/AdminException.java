package dev.gatehouse.app.admin;

/** An admin call failed; the message says what the server answered, never a token. */
public final class AdminException extends RuntimeException {
    public AdminException(String message) {
        super(message);
    }
}
