package dev.gatehouse.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.keys.KeyRing;
import dev.gatehouse.core.revocation.Denylist;
import java.security.Key;
import java.security.PublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Verifies this issuer's access tokens: {@code typ} must be {@code at+jwt} (never an ID token), the
 * algorithm one of ours, the key one we publish, the issuer ours, the token unexpired and not revoked.
 * Every step fails closed.
 */
public final class AccessTokenVerifier {
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Denylist denylist;

    /** @param clock the issuer's clock: expiry is judged by the same clock that minted the token */
    public AccessTokenVerifier(KeyRing keys, TokenConfig config, Denylist denylist, Clock clock) {
        this.denylist = denylist;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TokenMinter.AT_JWT));
        processor.setJWSKeySelector((header, ctx) -> publicKeys(keys, header));
        processor.setJWSVerifierFactory(new DefaultJWSVerifierFactory() {
            @Override
            public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
                return key instanceof Ed25519Key ed ? new Ed25519Verifier(ed.jwk()) : super.createJWSVerifier(header, key);
            }
        });
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

    /**
     * Our published keys that match the header, for one of our algorithms. Nimbus's stock key selector
     * drops Ed25519 keys (they have no java.security form), so those travel wrapped in {@link Ed25519Key}.
     */
    private static List<Key> publicKeys(KeyRing keys, JWSHeader header) {
        if (!TokenConfig.SUPPORTED_ALGORITHMS.contains(header.getAlgorithm())) {
            return List.of();
        }
        List<Key> found = new ArrayList<>();
        for (JWK jwk : new JWKSelector(JWKMatcher.forJWSHeader(header)).select(keys.publicJwks())) {
            try {
                found.add(jwk instanceof OctetKeyPair okp ? new Ed25519Key(okp) : ((AsymmetricJWK) jwk).toPublicKey());
            } catch (JOSEException | ClassCastException e) {
                // not a usable verification key: it cannot verify anything
            }
        }
        return found;
    }

    private record Ed25519Key(OctetKeyPair jwk) implements PublicKey {
        @Override
        public String getAlgorithm() {
            return "Ed25519";
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
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
