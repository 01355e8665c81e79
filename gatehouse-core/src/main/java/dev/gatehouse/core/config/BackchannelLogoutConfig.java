package dev.gatehouse.core.config;

import java.time.Duration;

/**
 * Back-channel logout delivery (OpenID Connect Back-Channel Logout 1.0). Each delivery gets {@code maxAttempts}
 * attempts; after a failed one the next waits {@code firstRetryDelay}, doubled after each further failure, so the
 * defaults (5 attempts, 30 s) try for about 7.5 minutes before giving up.
 *
 * @param connectTimeout  to open the connection to a client's logout URI
 * @param requestTimeout  for the client's answer, once connected
 * @param maxAttempts     attempts per delivery before it is given up
 * @param firstRetryDelay wait after the first failed attempt
 * @param tokenTtl        lifetime of a logout token ({@code exp - iat}); a new one is signed for every attempt
 * @param pollInterval    how often each issuer node looks for due deliveries
 * @param batchSize       deliveries one node claims at a time
 */
public record BackchannelLogoutConfig(Duration connectTimeout, Duration requestTimeout, int maxAttempts,
                                      Duration firstRetryDelay, Duration tokenTtl, Duration pollInterval,
                                      int batchSize) {
    public BackchannelLogoutConfig {
        positive("back-channel logout connect timeout", connectTimeout);
        positive("back-channel logout request timeout", requestTimeout);
        positive("back-channel logout first retry delay", firstRetryDelay);
        positive("back-channel logout token lifetime", tokenTtl);
        positive("back-channel logout poll interval", pollInterval);
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("back-channel logout attempts: 1..20, got " + maxAttempts);
        }
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("back-channel logout batch size: 1..1000, got " + batchSize);
        }
    }

    public static BackchannelLogoutConfig defaults() {
        return new BackchannelLogoutConfig(Duration.ofSeconds(5), Duration.ofSeconds(5), 5, Duration.ofSeconds(30),
                Duration.ofMinutes(2), Duration.ofSeconds(1), 50);
    }

    /**
     * How long a claimed attempt keeps its delivery from other nodes: well beyond the longest an attempt can take,
     * so that only a node that died mid-attempt lets another one try again.
     */
    public Duration lease() {
        return connectTimeout.plus(requestTimeout).multipliedBy(2).plusSeconds(30);
    }

    /** The wait after failed attempt number {@code attempt} (1 for the first). */
    public Duration retryDelay(int attempt) {
        return firstRetryDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
