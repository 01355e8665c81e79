package dev.gatehouse.server.pages;

/** The hosted pages cannot be built: a template, text or asset (the operator's or a built-in one) is broken. */
public final class InvalidPagesException extends RuntimeException {
    InvalidPagesException(String message, Throwable cause) {
        super(message, cause);
    }
}
