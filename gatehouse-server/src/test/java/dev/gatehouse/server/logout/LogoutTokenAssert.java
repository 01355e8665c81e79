package dev.gatehouse.server.logout;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.server.Endpoints;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Checks a logout token as a relying party would: signature with the issuer's published JWKS, then its claims. */
final class LogoutTokenAssert {
    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

    private LogoutTokenAssert() {}

    /** Verifies {@code token} against the JWKS the issuer at {@code issuer} serves over HTTP and its Back-Channel Logout 2.4 claims. */
    static JWTClaimsSet assertLogoutToken(URI issuer, String token, String clientId, String subject, String sid)
            throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("logout+jwt"));
        JWKSet jwks = JWKSet.load(URI.create(issuer + Endpoints.JWKS).toURL());
        JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).as("published key " + jwt.getHeader().getKeyID()).isNotNull();
        assertThat(jwt.verify(verifier(key))).isTrue();
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(issuer.toString());
        assertThat(claims.getAudience()).containsExactly(clientId);
        assertThat(claims.getSubject()).isEqualTo(subject);
        assertThat(claims.getStringClaim("sid")).isEqualTo(sid);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getJSONObjectClaim("events")).isEqualTo(Map.of(EVENT, Map.of()));
        assertThat(claims.getClaims()).doesNotContainKey("nonce");
        assertThat(Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()))
                .isPositive().isLessThanOrEqualTo(Duration.ofMinutes(2));
        return claims;
    }

    private static JWSVerifier verifier(JWK key) throws JOSEException {
        return switch (key) {
            case ECKey ec -> new ECDSAVerifier(ec);
            case RSAKey rsa -> new RSASSAVerifier(rsa);
            case OctetKeyPair okp -> new Ed25519Verifier(okp);
            default -> throw new AssertionError("unexpected key type " + key.getKeyType());
        };
    }
}
