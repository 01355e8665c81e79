package dev.gatehouse.core.store;

import java.time.Duration;

/**
 * The store could not be reached or did not answer in time: a lost or refused connection, a timeout, a pool
 * with no connection to give. Nothing about the request was wrong and the same request may succeed later; the
 * unit of work it interrupted was rolled back (or, when the connection was lost while committing, its outcome
 * is unknown). Endpoints answer 503 with {@code Retry-After}; constraint and data errors are never reported
 * this way.
 */
public final class StoreUnavailableException extends RuntimeException {
    /** How long a client is asked to wait before it retries. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    public StoreUnavailableException(String message) {
        super(message);
    }

    /** The {@code Retry-After} header value: whole seconds. */
    public static String retryAfterHeader() {
        return Long.toString(RETRY_AFTER.toSeconds());
    }
}
