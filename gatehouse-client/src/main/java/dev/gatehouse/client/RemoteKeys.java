package dev.gatehouse.client;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signing keys of a remote issuer, found through its discovery document and served from its JWKS by
 * Nimbus's caching source: cached for a time to live, fetched again when a token names a key id the cache does
 * not hold (a key rotation), but never more than once per refresh floor, so a flood of tokens with made-up key
 * ids cannot turn into a flood of requests to the issuer. A failed fetch keeps the keys fetched last.
 */
public final class RemoteKeys implements JWKSource<SecurityContext>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RemoteKeys.class);
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int SIZE_LIMIT_BYTES = 512 * 1024;

    /**
     * @param issuer       the issuer identifier, compared exactly with the {@code issuer} of its metadata
     * @param timeToLive   how long fetched keys are used before they are fetched again
     * @param refreshFloor the least time between two fetches of the key set
     * @param sslContext   trust for an https issuer with a private CA, or null for the JDK's default trust
     */
    public record Options(URI issuer, Duration timeToLive, Duration refreshFloor, SSLContext sslContext) {
        public Options {
            Objects.requireNonNull(issuer, "issuer");
            if (!issuer.isAbsolute() || !("https".equals(issuer.getScheme()) || "http".equals(issuer.getScheme()))) {
                throw new IllegalArgumentException("issuer: an absolute http(s) URI, got " + issuer);
            }
            if (timeToLive.isNegative() || timeToLive.isZero()) {
                throw new IllegalArgumentException("JWKS time to live: more than 0, got " + timeToLive);
            }
            if (refreshFloor.isNegative() || refreshFloor.compareTo(timeToLive) > 0) {
                throw new IllegalArgumentException("JWKS refresh floor: 0 up to the time to live (" + timeToLive + "), got " + refreshFloor);
            }
        }

        /** Defaults: keys live 5 minutes, fetched at most once every 5 seconds, JDK trust. */
        public static Options of(URI issuer) {
            return new Options(issuer, VerifierDefaults.JWKS_TIME_TO_LIVE, VerifierDefaults.JWKS_REFRESH_FLOOR, null);
        }

        public Options withTimeToLive(Duration ttl) {
            return new Options(issuer, ttl, refreshFloor, sslContext);
        }

        public Options withRefreshFloor(Duration floor) {
            return new Options(issuer, timeToLive, floor, sslContext);
        }

        public Options withSslContext(SSLContext context) {
            return new Options(issuer, timeToLive, refreshFloor, context);
        }
    }

    private final URL jwksUri;
    private final FloorLimitedSource floorLimited;
    private final JWKSource<SecurityContext> source;

    private RemoteKeys(URL jwksUri, ResourceRetriever retriever, Options options) {
        this.jwksUri = jwksUri;
        this.floorLimited = new FloorLimitedSource(new URLBasedJWKSetSource<>(jwksUri, retriever), options.refreshFloor().toMillis());
        long ttl = options.timeToLive().toMillis();
        this.source = JWKSourceBuilder.create(floorLimited)
                .cache(ttl, TIMEOUT_MILLIS)
                .refreshAheadCache(false)
                .rateLimited(false)
                .retrying(false)
                .outageTolerant(false)
                .build();
    }

    /**
     * Reads the issuer's metadata ({@code /.well-known/openid-configuration}, else
     * {@code /.well-known/oauth-authorization-server}) and prepares its key set.
     *
     * @throws IllegalStateException the metadata names another issuer or no key set: the verifier must not start
     * @throws UncheckedIOException   the metadata cannot be fetched (yet): the issuer may be starting
     */
    public static RemoteKeys discover(Options options) {
        ResourceRetriever retriever = options.sslContext() == null
                ? new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, SIZE_LIMIT_BYTES)
                : new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, SIZE_LIMIT_BYTES, true,
                        options.sslContext().getSocketFactory());
        String issuer = options.issuer().toString();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        IOException lastFailure = null;
        for (String path : List.of("/.well-known/openid-configuration", "/.well-known/oauth-authorization-server")) {
            Map<String, Object> metadata;
            try {
                metadata = JSONObjectUtils.parse(retriever.retrieveResource(url(base + path)).getContent());
            } catch (IOException e) {
                lastFailure = e;
                continue;
            } catch (ParseException e) {
                throw new IllegalStateException("issuer metadata at " + base + path + " is not a JSON object", e);
            }
            Object named = metadata.get("issuer");
            if (!issuer.equals(named)) {
                throw new IllegalStateException("issuer metadata at " + base + path + " names issuer \"" + named
                        + "\", not the configured \"" + issuer + "\": check the issuer setting (exact, including scheme, port and trailing slash)");
            }
            if (!(metadata.get("jwks_uri") instanceof String jwks)) {
                throw new IllegalStateException("issuer metadata at " + base + path + " has no jwks_uri");
            }
            return new RemoteKeys(url(jwks), retriever, options);
        }
        throw new UncheckedIOException("cannot read the metadata of issuer " + issuer + ": " + lastFailure.getMessage(), lastFailure);
    }

    private static URL url(String text) {
        try {
            return URI.create(text).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalStateException("not a usable URL: " + text, e);
        }
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        return source.get(selector, context);
    }

    /** The key set URL from the issuer's metadata. */
    public URI jwksUri() {
        return URI.create(jwksUri.toString());
    }

    /** How many times the key set was requested from the issuer so far. */
    public long fetches() {
        return floorLimited.fetches.get();
    }

    /** Whether a key set was fetched successfully at least once. */
    public boolean loaded() {
        return floorLimited.last != null;
    }

    /** Fetches the key set now unless it is cached; returns whether keys are at hand. */
    public boolean preload() {
        try {
            get(new JWKSelector(new JWKMatcher.Builder().build()), null);
        } catch (KeySourceException e) {
            log.debug("preloading the issuer's keys failed: {}", e.getMessage());
        }
        return loaded();
    }

    @Override
    public void close() {
        try {
            if (source instanceof java.io.Closeable closeable) {
                closeable.close();
            }
        } catch (IOException e) {
            log.debug("closing the key source failed", e);
        }
    }

    /**
     * Fetches at most once per floor interval and keeps the last good set when a fetch fails. Nimbus's own
     * rate limiter lets two fetches through per interval and throws when limited, which would refuse valid
     * tokens whenever a cache expiry meets a limited interval; answering with the last set avoids both.
     */
    private static final class FloorLimitedSource implements JWKSetSource<SecurityContext> {
        private final JWKSetSource<SecurityContext> delegate;
        private final long floorMillis;
        private final AtomicLong fetches = new AtomicLong();
        private volatile JWKSet last;
        private long lastAttempt;
        private boolean attempted;

        FloorLimitedSource(JWKSetSource<SecurityContext> delegate, long floorMillis) {
            this.delegate = delegate;
            this.floorMillis = floorMillis;
        }

        @Override
        public synchronized JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long now, SecurityContext context)
                throws KeySourceException {
            if (attempted && now - lastAttempt < floorMillis) {
                if (last == null) {
                    throw new KeySourceException("the issuer's keys could not be fetched; next attempt after the refresh floor");
                }
                return last;
            }
            attempted = true;
            lastAttempt = now;
            fetches.incrementAndGet();
            try {
                last = delegate.getJWKSet(JWKSetCacheRefreshEvaluator.forceRefresh(), now, context);
                return last;
            } catch (KeySourceException e) {
                if (last == null) {
                    throw e;
                }
                log.warn("fetching the issuer's keys failed, keeping the last ones: {}", e.getMessage());
                return last;
            }
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
