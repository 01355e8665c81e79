package dev.gatehouse.gateway;

import dev.gatehouse.client.VerifierDefaults;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway reaches its issuer: where it is, the client it follows the revocation feed as (its secret comes
 * from the environment, never the file), and what it does when the feed goes quiet.
 *
 * @param url              the issuer URL, exactly as tokens carry it in {@code iss}
 * @param clientId         a confidential client with the {@code gatehouse.revocations} scope
 * @param maxFeedStaleness how long the feed may be silent before the gateway stops vouching for tokens
 * @param failClosed       true (the default): a stale feed answers 503; false: verify from the last known
 *                         revocations and report "degraded"
 * @param tokenCacheSize   verified tokens remembered until they expire
 * @param clockSkew        tolerance for clocks that differ between issuer and gateway
 * @param ca               PEM certificates to trust for an https issuer instead of the JVM's roots, or null
 */
public record IssuerLink(URI url, String clientId, Duration maxFeedStaleness, boolean failClosed, int tokenCacheSize,
                         Duration clockSkew, Path ca) {
    public static final String SECRET_ENV = "GATEHOUSE_GATEWAY_CLIENT_SECRET";
    public static final Duration DEFAULT_MAX_FEED_STALENESS = VerifierDefaults.FEED_STALENESS;
    public static final int DEFAULT_TOKEN_CACHE_SIZE = VerifierDefaults.TOKEN_CACHE_SIZE;
    public static final Duration DEFAULT_CLOCK_SKEW = VerifierDefaults.CLOCK_SKEW;

    public IssuerLink {
        Objects.requireNonNull(url, "gateway.issuer.url");
        if (!url.isAbsolute() || !("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
                || url.getHost() == null || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("gateway.issuer.url: an http or https URL with a host and no query or "
                    + "fragment, got \"" + url + "\"");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("gateway.issuer.client_id: the client that reads the revocation feed is required");
        }
        checked("max_feed_staleness", () -> VerifierDefaults.checkedFeedStaleness(maxFeedStaleness));
        checked("token_cache_size", () -> VerifierDefaults.checkedTokenCacheSize(tokenCacheSize));
        checked("clock_skew", () -> VerifierDefaults.checkedClockSkew(clockSkew));
        if (ca != null && !Files.isReadable(ca)) {
            throw new IllegalArgumentException("gateway.issuer.ca: a readable PEM file, got \"" + ca + "\"");
        }
    }

    /** Defaults for everything but the issuer and the client. */
    public static IssuerLink of(URI url, String clientId) {
        return new IssuerLink(url, clientId, DEFAULT_MAX_FEED_STALENESS, VerifierDefaults.FAIL_CLOSED, DEFAULT_TOKEN_CACHE_SIZE,
                DEFAULT_CLOCK_SKEW, null);
    }

    /** The verifier's own range, named by this key: {@code gateway.issuer.clock_skew: clock skew: 0 to 5 minutes, got PT1H}. */
    private static void checked(String key, Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gateway.issuer." + key + ": " + e.getMessage(), e);
        }
    }
}
