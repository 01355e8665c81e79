package dev.gatehouse.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the gateway waits on an upstream.
 *
 * @param connect  to open a connection to an upstream
 * @param idle     without a byte moving in either direction, on a client or an upstream connection
 * @param response from the end of the forwarded request to the upstream's status line; past it the caller gets 504
 */
public record Timeouts(Duration connect, Duration idle, Duration response) {
    public static final Duration DEFAULT_CONNECT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_IDLE = Duration.ofSeconds(60);
    public static final Duration DEFAULT_RESPONSE = Duration.ofSeconds(30);
    /** The longest any of them may be. */
    public static final Duration MAX = Duration.ofDays(1);

    public Timeouts {
        positive("timeouts.connect", connect);
        positive("timeouts.idle", idle);
        positive("timeouts.response", response);
    }

    public static Timeouts defaults() {
        return new Timeouts(DEFAULT_CONNECT, DEFAULT_IDLE, DEFAULT_RESPONSE);
    }

    private static void positive(String setting, Duration value) {
        Objects.requireNonNull(value, setting);
        if (value.isNegative() || value.isZero() || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException(setting + ": a duration above 0 and at most 1 day, got " + value);
        }
    }
}
