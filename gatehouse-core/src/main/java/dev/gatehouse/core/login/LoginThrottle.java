package dev.gatehouse.core.login;

import dev.gatehouse.core.oauth.OAuthException;
import java.time.Duration;
import java.util.Optional;

/**
 * Counts failed attempts and says how long a caller must wait. Only an attempt that failed counts: one in
 * progress holds a place among a few that may run in parallel per (account, address) and per address, so
 * that parallel guesses stay bounded while parallel correct callers are never counted as failing. Every
 * wait is finite, and failures from elsewhere never slow an account down at an address it recently logged
 * in from.
 */
public interface LoginThrottle {
    /** How long the next attempt for this account from this address must wait for its failures; empty when allowed now. */
    Optional<Duration> waitFor(String account, String address);

    /**
     * An attempt now, or the wait before one. May wait briefly for a place among the attempts in progress;
     * when none frees up, the refusal is {@link Refusal#busy() busy}, which counts no failure.
     */
    Admission admit(String account, String address);

    /** What {@link #admit} answers. */
    sealed interface Admission permits Attempt, Refusal {}

    /**
     * An admitted attempt, holding its place until closed. {@link #failed()} counts a failure at once;
     * {@link #succeeded()} clears the failures of its (account, address). Closed without either (the check
     * itself broke), it counts nothing.
     */
    non-sealed interface Attempt extends Admission, AutoCloseable {
        void failed();

        void succeeded();

        @Override
        void close();
    }

    /**
     * No attempt now: wait {@code retryAfter}; {@code busy} when too many attempts are in progress rather than
     * too many failed.
     */
    record Refusal(Duration retryAfter, boolean busy) implements Admission {
        /** The answer to the caller: 429 with Retry-After either way, worded for what held it back. */
        public OAuthException exception() {
            return busy ? OAuthException.busy(retryAfter) : OAuthException.throttled(retryAfter);
        }
    }
}
