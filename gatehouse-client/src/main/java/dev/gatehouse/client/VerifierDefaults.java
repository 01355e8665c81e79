package dev.gatehouse.client;

import java.time.Duration;

/**
 * The one default and the one range of each tunable a verifier has, shared by the SDK's
 * {@link GatehouseVerifier.Builder}, the gateway's {@code gateway.issuer} keys and the issuer's own verifier.
 */
public final class VerifierDefaults {
    /** How long the revocation feed may be silent before the verifier stops vouching for tokens. */
    public static final Duration FEED_STALENESS = Duration.ofSeconds(30);
    public static final Duration FEED_STALENESS_MIN = Duration.ofSeconds(1);
    public static final Duration FEED_STALENESS_MAX = Duration.ofHours(1);

    /** A stale feed means 503 for every token. */
    public static final boolean FAIL_CLOSED = true;

    /** Verified tokens remembered until they expire; 0 disables the cache. */
    public static final int TOKEN_CACHE_SIZE = 10_000;
    public static final int TOKEN_CACHE_SIZE_MAX = 10_000_000;

    /** Tolerance for clocks that differ between issuer and verifier, from 0. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(5);
    public static final Duration CLOCK_SKEW_MAX = Duration.ofMinutes(5);

    /** The least time between two fetches of the issuer's JWKS, from 0 up to {@link #JWKS_TIME_TO_LIVE}. */
    public static final Duration JWKS_REFRESH_FLOOR = Duration.ofSeconds(5);

    /** How long fetched keys are used before the JWKS is fetched again; more than 0. */
    public static final Duration JWKS_TIME_TO_LIVE = Duration.ofMinutes(5);

    private VerifierDefaults() {}

    /** @throws IllegalArgumentException outside {@link #FEED_STALENESS_MIN} to {@link #FEED_STALENESS_MAX} */
    public static Duration checkedFeedStaleness(Duration staleness) {
        if (staleness == null || staleness.compareTo(FEED_STALENESS_MIN) < 0 || staleness.compareTo(FEED_STALENESS_MAX) > 0) {
            throw new IllegalArgumentException("max feed staleness: 1 second to 1 hour, got " + staleness);
        }
        return staleness;
    }

    /** @throws IllegalArgumentException outside 0 to {@link #TOKEN_CACHE_SIZE_MAX} */
    public static int checkedTokenCacheSize(int entries) {
        if (entries < 0 || entries > TOKEN_CACHE_SIZE_MAX) {
            throw new IllegalArgumentException("cache size: 0 to " + TOKEN_CACHE_SIZE_MAX + ", got " + entries);
        }
        return entries;
    }

    /** @throws IllegalArgumentException outside 0 to {@link #CLOCK_SKEW_MAX} */
    public static Duration checkedClockSkew(Duration skew) {
        if (skew == null || skew.isNegative() || skew.compareTo(CLOCK_SKEW_MAX) > 0) {
            throw new IllegalArgumentException("clock skew: 0 to 5 minutes, got " + skew);
        }
        return skew;
    }
}
