package dev.gatehouse.core.login;

import java.time.Duration;
import java.util.Optional;

/**
 * Counts failed logins and says how long a caller must wait. Every wait is finite, and failures from
 * elsewhere never slow an account down at an address it recently logged in from.
 */
public interface LoginThrottle {
    /** How long the next attempt for this account from this address must wait; empty when allowed now. */
    Optional<Duration> waitFor(String account, String address);

    /**
     * {@link #waitFor} and, when the attempt is allowed, {@link #recordFailure} in one atomic step: the
     * admitted attempt counts as failed while its password is checked, so parallel guesses cannot share one
     * allowed attempt. {@link #recordSuccess} takes it back. Nothing is counted when it must wait.
     */
    Optional<Duration> admit(String account, String address);

    void recordFailure(String account, String address);

    /**
     * An attempt admitted by {@link #admit} succeeded: clears the (account, address) counter, takes the
     * admitted attempt back from the address and account-wide counters, and remembers the address as known
     * for the account, where the account-wide back-off no longer applies.
     */
    void recordSuccess(String account, String address);

    /**
     * An attempt admitted by {@link #admit} could not be decided (the store it needed was unavailable): takes it
     * back from every counter without counting a success, so that an outage locks nobody out.
     */
    void release(String account, String address);
}
