package dev.gatehouse.core.store;

/** A create that would break a uniqueness rule (username, client id). */
public final class DuplicateException extends RuntimeException {
    public DuplicateException(String message) {
        super(message);
    }
}
