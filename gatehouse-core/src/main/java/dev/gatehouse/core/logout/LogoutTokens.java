package dev.gatehouse.core.logout;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.keys.KeyRing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;

/** Signs logout tokens (OpenID Connect Back-Channel Logout 1.0 section 2.4) with the issuer's keys. */
public final class LogoutTokens {
    /** Back-Channel Logout 2.4: the explicit type that keeps a logout token from passing as any other JWT. */
    public static final JOSEObjectType LOGOUT_JWT = new JOSEObjectType("logout+jwt");
    public static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private final KeyRing keys;
    private final TokenConfig config;
    private final Clock clock;

    public LogoutTokens(KeyRing keys, TokenConfig config, Clock clock) {
        this.keys = keys;
        this.config = config;
        this.clock = clock;
    }

    /**
     * A logout token for {@code clientId} about login session {@code sid} of {@code subject}, signed with
     * {@code algorithm} (the client's, as for its ID tokens; null for the issuer default). It never carries a
     * {@code nonce} (Back-Channel Logout 2.4), so it cannot be taken for an ID token.
     */
    public String sign(String clientId, String subject, String sid, Duration ttl, JWSAlgorithm algorithm) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(config.issuer().toString())
                .audience(clientId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(Secrets.randomBase64Url(16))
                .subject(subject)
                .claim("sid", sid)
                .claim("events", Map.of(EVENT, Map.of()))
                .build();
        KeyRing.ActiveKey key = keys.signer(algorithm == null ? config.signingAlgorithm() : algorithm);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(key.algorithm()).type(LOGOUT_JWT).keyID(key.kid()).build(),
                claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed with key " + key.kid(), e);
        }
        return jwt.serialize();
    }
}
