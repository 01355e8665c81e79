package dev.gatehouse.core.login;

import java.time.Duration;
import java.util.Optional;

/** Counts failed logins and says how long a caller must wait. Every wait is finite. */
public interface LoginThrottle {
    /** How long the next attempt for this account from this address must wait; empty when allowed now. */
    Optional<Duration> waitFor(String account, String address);

    void recordFailure(String account, String address);

    /** Clears the (account, address) counter; address and account-wide counters decay on their own. */
    void recordSuccess(String account, String address);
}
