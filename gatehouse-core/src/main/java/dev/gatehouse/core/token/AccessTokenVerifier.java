package dev.gatehouse.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.keys.KeyRing;
import dev.gatehouse.core.revocation.Denylist;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

/**
 * Verifies this issuer's access tokens: {@code typ} must be {@code at+jwt} (never an ID token), the
 * algorithm one of ours, the key one we publish, the issuer ours, the token unexpired and not revoked.
 * Every step fails closed.
 */
public final class AccessTokenVerifier {
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Denylist denylist;

    public AccessTokenVerifier(KeyRing keys, TokenConfig config, Denylist denylist) {
        this(keys, config, denylist, Clock.systemUTC());
    }

    /** @param clock the issuer's clock: expiry is judged by the same clock that minted the token */
    public AccessTokenVerifier(KeyRing keys, TokenConfig config, Denylist denylist, Clock clock) {
        this.denylist = denylist;
        JWKSource<SecurityContext> source = (selector, ctx) -> selector.select(keys.publicJwks());
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TokenMinter.AT_JWT));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(new HashSet<>(TokenConfig.SUPPORTED_ALGORITHMS), source));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                null,
                new JWTClaimsSet.Builder().issuer(config.issuer().toString()).build(),
                Set.of("sub", "exp", "iat", "jti", "client_id")) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew(0);
        processor.setJWTClaimsSetVerifier(claims);
    }

    public VerifiedAccessToken verify(String token) throws InvalidTokenException {
        if (token == null || token.isBlank() || token.length() > 8192) {
            throw new InvalidTokenException("missing or oversized token");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            throw new InvalidTokenException(e.getMessage());
        }
        VerifiedAccessToken verified = new VerifiedAccessToken(claims);
        if (denylist.isRevoked(verified.jti(), verified.sid(), verified.subject(), verified.clientId(), verified.issuedAt())) {
            throw new InvalidTokenException("token revoked");
        }
        return verified;
    }
}
