package dev.gatehouse.core.config;

import java.time.Duration;

/**
 * Login throttling. Failures are counted per (account, address), per address and per account; past the
 * free attempts each failure doubles the wait, up to {@code maxDelay}. Counters forget {@code window} after
 * their last failure. The per-account count does not apply at an address the account has logged in from
 * recently (30 days), so failures from elsewhere can slow down only a user's new addresses, never their
 * known ones; every wait is bounded too, so an attacker can never lock a user out.
 */
public record ThrottleConfig(int freeAttemptsPerAccountAndAddress, int freeAttemptsPerAddress,
                             int freeAttemptsPerAccount, Duration maxDelay, Duration window) {
    public ThrottleConfig {
        if (freeAttemptsPerAccountAndAddress < 1 || freeAttemptsPerAddress < 1 || freeAttemptsPerAccount < 1) {
            throw new IllegalArgumentException("throttle free attempts must be at least 1");
        }
        if (maxDelay == null || maxDelay.isNegative() || maxDelay.isZero()) {
            throw new IllegalArgumentException("throttle max delay must be positive, got " + maxDelay);
        }
        if (window == null || window.compareTo(maxDelay) < 0) {
            throw new IllegalArgumentException("throttle window must be at least the max delay, got " + window);
        }
    }

    public static ThrottleConfig defaults() {
        return new ThrottleConfig(5, 50, 20, Duration.ofMinutes(15), Duration.ofHours(1));
    }
}
