package dev.gatehouse.core.revocation;

import java.time.Instant;

/**
 * Told of every login session a revocation ends, inside the transaction that ends it: what it writes commits or
 * rolls back with the revocation.
 */
@FunctionalInterface
public interface SessionEndListener {
    SessionEndListener NONE = (sid, at) -> { };

    /** Login session {@code sid} was live and has just been revoked. */
    void ended(String sid, Instant at);
}
