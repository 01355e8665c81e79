package dev.gatehouse.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Mints access tokens the way the issuer does (RFC 9068), with keys made for the test. */
public final class TestTokens {
    public static final String ISSUER = "https://issuer.example";
    public static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");

    private TestTokens() {}

    public static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static OctetKeyPair ed25519Key(String kid) {
        try {
            return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.EdDSA).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public halves of the keys, as an issuer publishes them. */
    public static JWKSource<SecurityContext> keySource(JWK... keys) {
        return new ImmutableJWKSet<>(new JWKSet(List.of(keys)).toPublicJWKSet());
    }

    /** Claims of a valid token for audience {@code orders}, issued now and valid for five minutes. */
    public static JWTClaimsSet.Builder claims(Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("alice")
                .audience("orders")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString())
                .claim("client_id", "shop")
                .claim("scope", "orders.read orders.write")
                .claim("roles", List.of("clerk"))
                .claim("sid", "session-1");
    }

    public static JWSHeader.Builder header(JWK key) {
        JWSAlgorithm alg = key instanceof OctetKeyPair ? JWSAlgorithm.EdDSA : JWSAlgorithm.ES256;
        return new JWSHeader.Builder(alg).type(AT_JWT).keyID(key.getKeyID());
    }

    public static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(key instanceof OctetKeyPair okp ? new Ed25519Signer(okp) : new ECDSASigner(key.toECKey()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String token(JWK key, Instant now) {
        return sign(key, header(key).build(), claims(now).build());
    }

    public static String token(JWK key, Instant now, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(key, header(key).build(), change.apply(claims(now)).build());
    }
}
