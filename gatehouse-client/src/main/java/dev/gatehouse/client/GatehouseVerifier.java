package dev.gatehouse.client;

import dev.gatehouse.client.revocation.Denylist;
import dev.gatehouse.client.revocation.RevocationFeed;
import dev.gatehouse.client.revocation.RevocationFeedConfig;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a service needs to verify a remote issuer's access tokens locally: the issuer's keys
 * ({@link RemoteKeys}), its revocation feed ({@link RevocationFeed}) and a caching {@link JwtTokenVerifier} over
 * both, plus a {@link Gate} for RFC 6750 answers.
 *
 * <p>A verifier is only as good as its view of revocations. While the feed has not been heard from within
 * {@code maxFeedStaleness} (and before its first contact) the verifier fails closed: {@link #verifier()} throws
 * {@link VerifierUnavailableException}, which the gate answers with 503. With {@code failClosed(false)} it keeps
 * verifying from the last known denylist and {@link #status()} says {@code degraded}.
 *
 * <pre>{@code
 * GatehouseVerifier gatehouse = GatehouseVerifier.builder(URI.create("https://auth.example.com"))
 *         .feedCredentials("orders-service", System.getenv("GATEHOUSE_FEED_SECRET"))
 *         .start();
 * Decision d = gatehouse.gate().check(request.getHeader("Authorization"), AccessPolicy.audience("orders"));
 * }</pre>
 */
public final class GatehouseVerifier implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatehouseVerifier.class);

    /**
     * @param feedConfigured false only after {@link Builder#withoutRevocationFeed()}
     * @param feedConnected  a feed response is open right now
     * @param lastSequence   the last revocation event applied
     * @param lastContact    when the issuer's feed was last heard from, null before the first contact
     * @param stale          the feed was not heard from within {@code maxFeedStaleness}
     * @param failingClosed  stale and fail-closed: every token is answered with 503
     * @param denylistSize   revocations held
     * @param cachedTokens   verified tokens held in the cache
     * @param feedProblem    why the last feed connection failed, or null
     */
    public record Status(boolean feedConfigured, boolean feedConnected, long lastSequence, Instant lastContact,
            boolean stale, boolean failingClosed, int denylistSize, int cachedTokens, String feedProblem) {
        /** {@code ok}, {@code degraded} (stale, still verifying), {@code failing closed}, or {@code no revocation feed}. */
        public String state() {
            if (!feedConfigured) {
                return "no revocation feed";
            }
            return failingClosed ? "failing closed" : stale ? "degraded" : "ok";
        }
    }

    private final Builder settings;
    private final RemoteKeys keys;
    private final RevocationFeed feed;
    private final Denylist denylist;
    private final JwtTokenVerifier jwt;
    private final TokenVerifier verifier;
    private final Gate gate;
    private volatile boolean wasStale;

    private GatehouseVerifier(Builder b, RemoteKeys keys, RevocationFeed feed, Denylist denylist) {
        this.settings = b;
        this.keys = keys;
        this.feed = feed;
        this.denylist = denylist;
        this.jwt = JwtTokenVerifier.builder(b.issuer.toString(), keys)
                .denylist(denylist)
                .clock(b.clock)
                .clockSkew(b.clockSkew)
                .cacheSize(b.cacheSize)
                .build();
        this.verifier = this::verify;
        this.gate = new Gate(verifier, b.realm);
    }

    public static Builder builder(URI issuer) {
        return new Builder(issuer);
    }

    /** Verifies tokens: signature, type, issuer, lifetime, revocation; fails closed while the feed is stale. */
    public TokenVerifier verifier() {
        return verifier;
    }

    /** The RFC 6750 decision for a request, over {@link #verifier()}. */
    public Gate gate() {
        return gate;
    }

    public Status status() {
        if (feed == null) {
            return new Status(false, false, 0, null, false, false, denylist.size(), jwt.cachedTokens(), null);
        }
        RevocationFeed.Status s = feed.status();
        boolean stale = !feed.current(settings.maxFeedStaleness);
        return new Status(true, s.connected(), s.lastSequence(), s.lastContact(), stale, stale && settings.failClosed,
                s.denylistSize(), jwt.cachedTokens(), s.problem());
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        keys.close();
    }

    private VerifiedAccessToken verify(String token) throws InvalidTokenException {
        if (feed != null) {
            boolean stale = !feed.current(settings.maxFeedStaleness);
            if (stale != wasStale) {
                wasStale = stale;
                if (stale) {
                    log.warn("revocation feed of {} not heard from within {}: {}", settings.issuer, settings.maxFeedStaleness,
                            settings.failClosed ? "refusing every token (fail closed)" : "verifying without recent revocations (degraded)");
                } else {
                    log.info("revocation feed of {} is current again", settings.issuer);
                }
            }
            if (stale && settings.failClosed) {
                throw new VerifierUnavailableException("the revocation feed is not current");
            }
        }
        return jwt.verify(token);
    }

    public static final class Builder {
        private final URI issuer;
        private String clientId;
        private String clientSecret;
        private boolean withoutFeed;
        private Duration maxFeedStaleness = VerifierDefaults.FEED_STALENESS;
        private boolean failClosed = VerifierDefaults.FAIL_CLOSED;
        private int cacheSize = VerifierDefaults.TOKEN_CACHE_SIZE;
        private Duration clockSkew = VerifierDefaults.CLOCK_SKEW;
        private Duration jwksRefreshFloor = VerifierDefaults.JWKS_REFRESH_FLOOR;
        private Duration jwksTimeToLive = VerifierDefaults.JWKS_TIME_TO_LIVE;
        private SSLContext sslContext;
        private Clock clock = Clock.systemUTC();
        private String realm = "gatehouse";
        private Duration startupTimeout = Duration.ofSeconds(10);

        private Builder(URI issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
        }

        /** A confidential client with the {@code gatehouse.revocations} scope; required unless {@link #withoutRevocationFeed()}. */
        public Builder feedCredentials(String clientId, String clientSecret) {
            this.clientId = clientId;
            this.clientSecret = clientSecret;
            return this;
        }

        /**
         * Unsafe: verify without the revocation feed, so a revoked token stays valid until it expires. Only for
         * tests or resources that accept that.
         */
        public Builder withoutRevocationFeed() {
            this.withoutFeed = true;
            return this;
        }

        /** How long the feed may be silent before the verifier stops vouching for tokens; default 30 s, 1 s to 1 hour. */
        public Builder maxFeedStaleness(Duration staleness) {
            this.maxFeedStaleness = VerifierDefaults.checkedFeedStaleness(staleness);
            return this;
        }

        /** Whether a stale feed means 503 for every token (default true) or verification without recent revocations. */
        public Builder failClosed(boolean failClosed) {
            this.failClosed = failClosed;
            return this;
        }

        /** Verified tokens remembered until they expire; default 10 000, 0 disables the cache, at most 10 000 000. */
        public Builder cacheSize(int entries) {
            this.cacheSize = VerifierDefaults.checkedTokenCacheSize(entries);
            return this;
        }

        /** Tolerance for clocks that differ between issuer and service; default 5 s, at most 5 minutes. */
        public Builder clockSkew(Duration skew) {
            this.clockSkew = VerifierDefaults.checkedClockSkew(skew);
            return this;
        }

        /** The least time between two fetches of the issuer's JWKS, however many unknown key ids arrive; default 5 s. */
        public Builder jwksRefreshFloor(Duration floor) {
            if (floor == null || floor.isNegative()) {
                throw new IllegalArgumentException("JWKS refresh floor: 0 or more, got " + floor);
            }
            this.jwksRefreshFloor = floor;
            return this;
        }

        /** How long fetched keys are used before the JWKS is fetched again; default 5 minutes. */
        public Builder jwksTimeToLive(Duration ttl) {
            this.jwksTimeToLive = positive("JWKS time to live", ttl);
            return this;
        }

        /** Trust for an https issuer with a private CA or a development certificate. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The realm of {@code WWW-Authenticate} challenges; default {@code gatehouse}. */
        public Builder realm(String realm) {
            this.realm = realm;
            return this;
        }

        /** How long {@link #start()} waits for the first feed contact and the JWKS; default 10 s. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = positive("startup timeout", timeout);
            return this;
        }

        /**
         * Reads the issuer's metadata, starts following its revocation feed and fetches its keys, waiting up to
         * the startup timeout for both; returns then even if they have not arrived ({@link #status()} says stale).
         *
         * @throws IllegalStateException the settings are incomplete, the issuer's metadata names another issuer, or
         *                               the metadata cannot be read within the startup timeout
         */
        public GatehouseVerifier start() {
            if (withoutFeed == (clientId != null || clientSecret != null)) {
                throw new IllegalStateException(withoutFeed
                        ? "feedCredentials and withoutRevocationFeed exclude each other"
                        : "feedCredentials(clientId, clientSecret) are required (or withoutRevocationFeed(), which leaves revoked tokens valid)");
            }
            RevocationFeedConfig feedConfig = withoutFeed ? null : feedConfig();
            new Gate(token -> null, realm); // validates the realm before anything starts
            RemoteKeys.Options options = RemoteKeys.Options.of(issuer).withRefreshFloor(Duration.ZERO)
                    .withTimeToLive(jwksTimeToLive).withRefreshFloor(jwksRefreshFloor).withSslContext(sslContext);
            long deadline = System.nanoTime() + startupTimeout.toNanos();
            RemoteKeys keys = discover(options, deadline);
            Denylist denylist = new Denylist();
            RevocationFeed feed = withoutFeed ? null : RevocationFeed.start(feedConfig, denylist);
            GatehouseVerifier verifier;
            try {
                verifier = new GatehouseVerifier(this, keys, feed, denylist);
            } catch (RuntimeException e) {
                if (feed != null) {
                    feed.close();
                }
                keys.close();
                throw e;
            }
            if (withoutFeed) {
                log.warn("verifying tokens of {} without the revocation feed: revoked tokens stay valid until they expire", issuer);
            }
            try {
                awaitReady(keys, feed, deadline);
            } catch (RuntimeException e) {
                verifier.close();
                throw e;
            }
            return verifier;
        }

        private RevocationFeedConfig feedConfig() {
            RevocationFeedConfig config = RevocationFeedConfig.forIssuer(issuer, clientId, clientSecret).withClock(clock);
            return sslContext == null ? config : config.withSslContext(sslContext);
        }

        private static RemoteKeys discover(RemoteKeys.Options options, long deadline) {
            long pause = 100;
            while (true) {
                try {
                    return RemoteKeys.discover(options);
                } catch (UncheckedIOException e) {
                    if (System.nanoTime() + pause * 1_000_000 > deadline) {
                        throw new IllegalStateException(e.getMessage() + " (gave up at the startup timeout)", e);
                    }
                    sleep(pause);
                    pause = Math.min(pause * 2, 1000);
                }
            }
        }

        private void awaitReady(RemoteKeys keys, RevocationFeed feed, long deadline) {
            boolean keysReady = keys.preload();
            while (!(keysReady && (feed == null || feed.current(maxFeedStaleness))) && System.nanoTime() < deadline) {
                sleep(20);
                keysReady = keysReady || keys.preload();
            }
            if (!keysReady) {
                log.warn("no keys from {} within the startup timeout of {}; tokens are refused until they arrive", issuer, startupTimeout);
            }
            if (feed != null && !feed.current(maxFeedStaleness)) {
                log.warn("no contact with the revocation feed of {} within the startup timeout of {}{}", issuer, startupTimeout,
                        failClosed ? "; every token is answered 503 until it comes" : "; verifying without revocations (degraded)");
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            }
        }

        private static Duration positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + ": more than 0, got " + d);
            }
            return d;
        }
    }
}
