package dev.gatehouse.http;

import java.time.Duration;

/**
 * How much a client may make a listener wait, and how many header fields it may send. Jetty's idle timeout
 * restarts on every byte, so a client that dribbles one byte at a time would hold a connection forever; these
 * bound the request as a whole.
 *
 * @param headerTimeout  the request line and headers must be complete this long after their first byte
 * @param minBodyRate    bytes per second a request body must average while the server waits for it, once
 *                       {@code bodyGrace} has passed; 0 turns the check off
 * @param bodyGrace      how long a body may arrive at any pace before its rate counts
 * @param maxHeaderCount more request header fields than this are refused with 431
 */
public record RequestLimits(Duration headerTimeout, long minBodyRate, Duration bodyGrace, int maxHeaderCount) {
    public static final RequestLimits DEFAULTS = new RequestLimits(Duration.ofSeconds(10), 256, Duration.ofSeconds(10), 100);

    public RequestLimits {
        if (headerTimeout == null || headerTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("header timeout: at least 100ms, got " + headerTimeout);
        }
        if (minBodyRate < 0) {
            throw new IllegalArgumentException("minimum body rate: 0 or more bytes per second, got " + minBodyRate);
        }
        if (bodyGrace == null || bodyGrace.isNegative()) {
            throw new IllegalArgumentException("body grace: zero or more, got " + bodyGrace);
        }
        if (maxHeaderCount < 10 || maxHeaderCount > 10_000) {
            throw new IllegalArgumentException("header count limit: 10..10000, got " + maxHeaderCount);
        }
    }
}
