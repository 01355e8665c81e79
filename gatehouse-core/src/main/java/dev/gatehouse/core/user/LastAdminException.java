package dev.gatehouse.core.user;

/** A change refused because it would leave no enabled user with {@link User#ADMIN_ROLE}. */
public final class LastAdminException extends RuntimeException {
    public LastAdminException(String message) {
        super(message);
    }
}
