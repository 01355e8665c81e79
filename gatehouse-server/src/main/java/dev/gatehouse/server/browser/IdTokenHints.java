package dev.gatehouse.server.browser;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.core.keys.KeyRing;
import dev.gatehouse.core.oauth.OAuthException;
import java.net.URI;
import java.util.Set;

/**
 * OpenID Connect Core 3.1.2.1 {@code id_token_hint}: an ID token this issuer signed, naming the user the client
 * expects. Its signature and issuer are checked with the published keys; its expiry is not (an expired ID token is
 * the usual hint).
 */
final class IdTokenHints {
    private final KeyRing keys;
    private final String issuer;

    IdTokenHints(KeyRing keys, URI issuer) {
        this.keys = keys;
        this.issuer = issuer.toString();
    }

    /**
     * @return the subject the hint names
     * @throws OAuthException invalid_request when it is not an ID token of this issuer
     */
    String subject(String idTokenHint) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                Set.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519),
                new ImmutableJWKSet<>(keys.publicJwks())));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
            if (!issuer.equals(claims.getIssuer()) || claims.getSubject() == null) {
                throw new BadJWTException("not an ID token of this issuer");
            }
        });
        try {
            JWTClaimsSet claims = processor.process(idTokenHint, null);
            return claims.getSubject();
        } catch (Exception e) {
            throw OAuthException.invalidRequest("id_token_hint is not an ID token issued here");
        }
    }
}
