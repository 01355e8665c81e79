package dev.gatehouse.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.keys.KeyRing;
import dev.gatehouse.client.revocation.Denylist;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/** Signs access tokens (RFC 9068) and ID tokens (OpenID Connect Core 2). Touches no store. */
public final class TokenMinter {
    public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private final KeyRing keys;
    private final TokenConfig config;
    private final Clock clock;
    private final Denylist denylist;

    /** A minter that knows of no revocation: for tools and tests that mint without an issuer. */
    public TokenMinter(KeyRing keys, TokenConfig config, Clock clock) {
        this(keys, config, clock, new Denylist());
    }

    /** @param denylist the issuer's revocations, consulted so that no token is born revoked */
    public TokenMinter(KeyRing keys, TokenConfig config, Clock clock, Denylist denylist) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
        this.denylist = denylist;
    }

    public MintedToken accessToken(AccessTokenClaims c, JWSAlgorithm algorithm) {
        Instant now = afterCutoff(c.subject(), c.clientId());
        Instant exp = now.plus(c.ttl());
        String jti = Secrets.randomBase64Url(16);
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(config.issuer().toString())
                .subject(c.subject())
                .audience(new ArrayList<>(c.audience()))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .jwtID(jti)
                .claim("client_id", c.clientId());
        if (c.scope() != null && !c.scope().isEmpty()) {
            b.claim("scope", c.scope());
        }
        if (c.sid() != null) {
            b.claim("sid", c.sid());
        }
        if (c.authTime() != null) {
            b.claim("auth_time", c.authTime().getEpochSecond());
        }
        b.claim("roles", c.roles().stream().sorted().toList());
        return new MintedToken(sign(b.build(), AT_JWT, algorithm), jti, now, exp);
    }

    /**
     * @param audience the client id of the relying party
     */
    public MintedToken idToken(String subject, String audience, String sid, Instant authTime, String username,
                               List<String> roles, JWSAlgorithm algorithm) {
        return idToken(subject, audience, sid, authTime, username, roles, null, null, algorithm);
    }

    /**
     * @param audience    the client id of the relying party
     * @param nonce       the authorization request's nonce, carried exactly as sent; null when it had none
     * @param accessToken the access token issued with this ID token, for {@code at_hash}; null when none
     */
    public MintedToken idToken(String subject, String audience, String sid, Instant authTime, String username,
                               List<String> roles, String nonce, String accessToken, JWSAlgorithm algorithm) {
        KeyRing.ActiveKey key = key(algorithm);
        Instant now = now();
        Instant exp = now.plus(config.idTokenTtl());
        String jti = Secrets.randomBase64Url(16);
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(config.issuer().toString())
                .subject(subject)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(exp))
                .jwtID(jti)
                .claim("auth_time", authTime.getEpochSecond())
                .claim("azp", audience);
        if (sid != null) {
            b.claim("sid", sid);
        }
        if (username != null) {
            b.claim("preferred_username", username);
        }
        if (roles != null) {
            b.claim("roles", roles);
        }
        if (nonce != null) {
            b.claim("nonce", nonce);
        }
        if (accessToken != null) {
            b.claim("at_hash", atHash(accessToken, key.algorithm()));
        }
        return new MintedToken(sign(b.build(), JOSEObjectType.JWT, key), jti, now, exp);
    }

    /**
     * OpenID Connect Core 3.1.3.6: the left half of the access token's hash under the hash function of the ID
     * token's own algorithm, base64url; for EdDSA (our keys are Ed25519) that is SHA-512.
     */
    static String atHash(String accessToken, JWSAlgorithm algorithm) {
        Curve curve = JWSAlgorithm.EdDSA.equals(algorithm) ? Curve.Ed25519 : null;
        AccessTokenHash hash = AccessTokenHash.compute(new BearerAccessToken(accessToken), algorithm, curve);
        if (hash == null) {
            throw new IllegalStateException("no at_hash function for " + algorithm);
        }
        return hash.getValue();
    }

    private KeyRing.ActiveKey key(JWSAlgorithm algorithm) {
        return keys.signer(algorithm == null ? config.signingAlgorithm() : algorithm);
    }

    private String sign(JWTClaimsSet claims, JOSEObjectType type, JWSAlgorithm algorithm) {
        return sign(claims, type, key(algorithm));
    }

    private String sign(JWTClaimsSet claims, JOSEObjectType type, KeyRing.ActiveKey key) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(key.algorithm()).type(type).keyID(key.kid()).build(), claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed with key " + key.kid(), e);
        }
        return jwt.serialize();
    }

    /**
     * {@code iat} has second precision and a not-before revocation kills tokens issued in its own second,
     * so a token minted for the same subject or client in that second would be dead on arrival (say, right
     * after a secret rotation). Such a mint waits for the next second; it is the only wait on this path and
     * happens at most once per revocation and second.
     */
    private Instant afterCutoff(String subject, String clientId) {
        Instant now = now();
        Instant cutoff = denylist.notBefore(subject, clientId);
        if (cutoff == null || now.isAfter(cutoff)) {
            return now;
        }
        Duration wait = Duration.between(clock.instant(), cutoff.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1));
        if (!wait.isNegative() && wait.compareTo(Duration.ofSeconds(1)) <= 0) {
            try {
                Thread.sleep(wait.toMillis() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return now();
    }

    /** JWT times have second precision; truncating keeps iat comparisons with revocation cut-offs exact. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    public Duration defaultAccessTokenTtl() {
        return config.accessTokenTtl();
    }
}
