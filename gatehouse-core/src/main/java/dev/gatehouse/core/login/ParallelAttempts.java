package dev.gatehouse.core.login;

import java.time.Duration;

/**
 * How many attempts may be in progress at once per (account, address) and per address, and how long an
 * attempt waits for a place before it is told to retry. Bounds how many guesses can run before the first
 * failures count, without counting the parallel attempts of correct callers as failures.
 */
public record ParallelAttempts(int perAccountAndAddress, int perAddress, Duration queueWait) {
    /** Password checks: Argon2id is costly, so few at once for one account. */
    public static final ParallelAttempts PASSWORDS = new ParallelAttempts(4, 16, Duration.ofSeconds(10));
    /** Client authentication: a service calls in parallel as a matter of course. */
    public static final ParallelAttempts CLIENTS = new ParallelAttempts(8, 32, Duration.ofSeconds(10));

    public ParallelAttempts {
        if (perAccountAndAddress < 1 || perAddress < perAccountAndAddress) {
            throw new IllegalArgumentException("parallel attempts: need 1 <= per (account, address) <= per address, got "
                    + perAccountAndAddress + " and " + perAddress);
        }
        if (queueWait == null || queueWait.isNegative()) {
            throw new IllegalArgumentException("parallel attempts: queue wait must not be negative, got " + queueWait);
        }
    }
}
