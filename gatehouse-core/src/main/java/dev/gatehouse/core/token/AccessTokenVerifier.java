package dev.gatehouse.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerifierFactory;
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
import java.util.HashSet;
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

    public AccessTokenVerifier(KeyRing keys, TokenConfig config, Denylist denylist) {
        this(keys, config, denylist, Clock.systemUTC());
    }

    /** @param clock the time expiry is checked against; the same clock the tokens were minted with */
    public AccessTokenVerifier(KeyRing keys, TokenConfig config, Denylist denylist, Clock clock) {
        this.denylist = denylist;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(TokenMinter.AT_JWT));
        processor.setJWSKeySelector((header, ctx) -> publishedKeys(keys, header));
        processor.setJWSVerifierFactory(new Ed25519AwareVerifierFactory());
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

    /** The published keys that may have signed a token with this header: an algorithm of ours, matching kid and type. */
    private static List<Key> publishedKeys(KeyRing keys, JWSHeader header) throws KeySourceException {
        if (!TokenConfig.SUPPORTED_ALGORITHMS.contains(header.getAlgorithm())) {
            return List.of();
        }
        List<Key> found = new ArrayList<>();
        for (JWK jwk : new JWKSelector(JWKMatcher.forJWSHeader(header)).select(keys.publicJwks())) {
            if (jwk instanceof OctetKeyPair okp) {
                found.add(new Ed25519PublicJwk(okp));
            } else if (jwk instanceof AsymmetricJWK asymmetric) {
                try {
                    found.add(asymmetric.toPublicKey());
                } catch (JOSEException e) {
                    throw new KeySourceException("published key " + jwk.getKeyID() + " unusable", e);
                }
            }
        }
        return found;
    }

    /**
     * Nimbus verifies Ed25519 with the JWK itself (through Tink), not with a {@code java.security} key, so its
     * default key selection drops Ed25519 keys. This carries the JWK to the verifier factory below.
     */
    private record Ed25519PublicJwk(OctetKeyPair jwk) implements PublicKey {
        @Override
        public String getAlgorithm() { return "Ed25519"; }

        @Override
        public String getFormat() { return null; }

        @Override
        public byte[] getEncoded() { return null; }
    }

    private static final class Ed25519AwareVerifierFactory implements JWSVerifierFactory {
        private final DefaultJWSVerifierFactory defaults = new DefaultJWSVerifierFactory();

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            return key instanceof Ed25519PublicJwk ed ? new Ed25519Verifier(ed.jwk()) : defaults.createJWSVerifier(header, key);
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            Set<JWSAlgorithm> all = new HashSet<>(defaults.supportedJWSAlgorithms());
            all.addAll(Ed25519Verifier.SUPPORTED_ALGORITHMS);
            return all;
        }

        @Override
        public JCAContext getJCAContext() {
            return defaults.getJCAContext();
        }
    }
}
