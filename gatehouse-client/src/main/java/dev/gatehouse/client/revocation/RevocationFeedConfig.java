package dev.gatehouse.client.revocation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How a {@link RevocationFeed} follows an issuer's feed; validated when made, the defaults here and nowhere else.
 *
 * @param feedUri      the feed URL, usually from {@link #forIssuer}
 * @param clientId     a confidential client with the {@code gatehouse.revocations} scope
 * @param clientSecret its secret, sent as HTTP Basic credentials and never shown by {@link #toString()}
 * @param sslContext   trust for an https issuer with a private CA, or null for the JDK's default trust
 * @param clock        the clock contact times are read from
 * @param firstBackoff the wait before the first reconnect, and again once a connection delivered
 * @param maxBackoff   the longest wait between reconnects; the wait doubles up to it
 * @param purgeEvery   how often expired entries are dropped from the denylist
 * @param silenceLimit how long a connection may go without a line before it is given up and reconnected
 */
public record RevocationFeedConfig(URI feedUri, String clientId, String clientSecret, SSLContext sslContext, Clock clock,
        Duration firstBackoff, Duration maxBackoff, Duration purgeEvery, Duration silenceLimit) {
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);
    public static final Duration DEFAULT_PURGE_EVERY = Duration.ofSeconds(30);
    /** Three of the issuer's 5-second heartbeat intervals. */
    public static final Duration DEFAULT_SILENCE_LIMIT = Duration.ofSeconds(15);

    public RevocationFeedConfig {
        Objects.requireNonNull(feedUri, "feed URI");
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("feed client id: required, got " + (clientId == null ? "none" : "a blank one"));
        }
        if (clientSecret == null || clientSecret.isEmpty()) {
            throw new IllegalArgumentException("feed client secret: required for client " + clientId);
        }
        Objects.requireNonNull(clock, "clock");
        positive("first backoff", firstBackoff);
        positive("purge interval", purgeEvery);
        positive("silence limit", silenceLimit);
        if (maxBackoff == null || maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("max backoff: at least the first backoff (" + firstBackoff + "), got " + maxBackoff);
        }
    }

    /** The feed of an issuer ({@code <issuer>}{@value RevocationFeed#PATH}) with the defaults. */
    public static RevocationFeedConfig forIssuer(URI issuer, String clientId, String clientSecret) {
        String base = issuer.toString().endsWith("/") ? issuer.toString().substring(0, issuer.toString().length() - 1) : issuer.toString();
        return new RevocationFeedConfig(URI.create(base + RevocationFeed.PATH), clientId, clientSecret, null,
                Clock.systemUTC(), DEFAULT_FIRST_BACKOFF, DEFAULT_MAX_BACKOFF, DEFAULT_PURGE_EVERY, DEFAULT_SILENCE_LIMIT);
    }

    public RevocationFeedConfig withSslContext(SSLContext context) {
        return new RevocationFeedConfig(feedUri, clientId, clientSecret, context, clock, firstBackoff, maxBackoff, purgeEvery, silenceLimit);
    }

    public RevocationFeedConfig withClock(Clock c) {
        return new RevocationFeedConfig(feedUri, clientId, clientSecret, sslContext, c, firstBackoff, maxBackoff, purgeEvery, silenceLimit);
    }

    public RevocationFeedConfig withBackoff(Duration first, Duration max) {
        return new RevocationFeedConfig(feedUri, clientId, clientSecret, sslContext, clock, first, max, purgeEvery, silenceLimit);
    }

    public RevocationFeedConfig withPurgeEvery(Duration every) {
        return new RevocationFeedConfig(feedUri, clientId, clientSecret, sslContext, clock, firstBackoff, maxBackoff, every, silenceLimit);
    }

    public RevocationFeedConfig withSilenceLimit(Duration limit) {
        return new RevocationFeedConfig(feedUri, clientId, clientSecret, sslContext, clock, firstBackoff, maxBackoff, purgeEvery, limit);
    }

    /** The wait after {@code previous}: twice as long, at most {@link #maxBackoff()}. */
    Duration nextBackoff(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }

    @Override
    public String toString() {
        return "RevocationFeedConfig[feedUri=" + feedUri + ", clientId=" + clientId + ", clientSecret=(hidden)]";
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + ": more than 0, got " + d);
        }
    }
}
