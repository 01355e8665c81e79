package dev.gatehouse.core.config;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Token settings of the issuer, validated once at start.
 *
 * @param issuer            the public issuer URL ({@code iss}), without a trailing slash
 * @param accessTokenTtl    default access token lifetime
 * @param maxAccessTokenTtl no client may ask for more; revocation log entries live this long
 * @param idTokenTtl        ID token lifetime
 * @param refreshIdleTtl    a refresh token unused this long expires
 * @param refreshAbsoluteTtl a refresh token family (and its session) ends this long after login
 * @param signingAlgorithm  algorithm of new signing keys: ES256, EdDSA or RS256
 * @param keyPrePublish     how long a rotated-in key is published before it signs
 */
public record TokenConfig(
        URI issuer,
        Duration accessTokenTtl,
        Duration maxAccessTokenTtl,
        Duration idTokenTtl,
        Duration refreshIdleTtl,
        Duration refreshAbsoluteTtl,
        JWSAlgorithm signingAlgorithm,
        Duration keyPrePublish) {

    /** Where the issuer serves OpenID Connect userinfo, below its URL. */
    public static final String USERINFO_PATH = "/oauth2/userinfo";

    public static final Set<JWSAlgorithm> SUPPORTED_ALGORITHMS = Set.of(JWSAlgorithm.ES256, JWSAlgorithm.EdDSA, JWSAlgorithm.RS256);

    public TokenConfig {
        Objects.requireNonNull(issuer, "issuer");
        String s = issuer.toString();
        boolean http = "http".equalsIgnoreCase(issuer.getScheme()) || "https".equalsIgnoreCase(issuer.getScheme());
        if (!http || issuer.getHost() == null || s.endsWith("/") || issuer.getQuery() != null || issuer.getFragment() != null) {
            throw new IllegalArgumentException("issuer: must be an absolute http(s) URL without trailing slash, query or fragment: " + s);
        }
        positive("access-token-ttl", accessTokenTtl);
        positive("max-access-token-ttl", maxAccessTokenTtl);
        positive("id-token-ttl", idTokenTtl);
        positive("refresh-idle-ttl", refreshIdleTtl);
        positive("refresh-absolute-ttl", refreshAbsoluteTtl);
        Objects.requireNonNull(keyPrePublish, "key-pre-publish");
        if (keyPrePublish.isNegative()) {
            throw new IllegalArgumentException("key-pre-publish: must not be negative: " + keyPrePublish);
        }
        if (accessTokenTtl.compareTo(maxAccessTokenTtl) > 0) {
            throw new IllegalArgumentException("access-token-ttl " + accessTokenTtl + " exceeds max-access-token-ttl " + maxAccessTokenTtl);
        }
        if (refreshIdleTtl.compareTo(refreshAbsoluteTtl) > 0) {
            throw new IllegalArgumentException("refresh-idle-ttl " + refreshIdleTtl + " exceeds refresh-absolute-ttl " + refreshAbsoluteTtl);
        }
        if (!SUPPORTED_ALGORITHMS.contains(signingAlgorithm)) {
            throw new IllegalArgumentException("signing-algorithm: one of ES256, EdDSA, RS256, got " + signingAlgorithm);
        }
    }

    /** Defaults: 5 minute access tokens, 8 hour idle / 30 day absolute refresh, ES256. */
    public static TokenConfig defaults(URI issuer) {
        return new TokenConfig(issuer, Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofMinutes(5),
                Duration.ofHours(8), Duration.ofDays(30), JWSAlgorithm.ES256, Duration.ofMinutes(10));
    }

    /** How long a retired signing key stays published: its last tokens must still verify. */
    public Duration longestTokenLifetime() {
        return maxAccessTokenTtl.compareTo(idTokenTtl) >= 0 ? maxAccessTokenTtl : idTokenTtl;
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + ": must be a positive duration, got " + d);
        }
    }

    /**
     * The audience of the access tokens of a client that registered none and signs people in for itself only: the
     * issuer's userinfo endpoint (OpenID Connect Core 5.3), which accepts them; the admin API and every resource
     * server refuse them.
     */
    public String userinfoAudience() {
        return issuer + USERINFO_PATH;
    }
}
