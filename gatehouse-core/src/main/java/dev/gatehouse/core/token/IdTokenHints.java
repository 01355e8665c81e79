package dev.gatehouse.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.keys.KeyRing;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an {@code id_token_hint} (OpenID Connect RP-Initiated Logout 1.0 section 2): an ID token this issuer
 * signed, with one of its published keys. Its expiry is not checked, since relying parties send the hint long
 * after the token expired; but only an ID token passes (not an access or logout token), and it names this
 * issuer, exactly one audience (the client) and a subject. Every step fails closed: any doubt is no hint.
 */
public final class IdTokenHints {
    private static final Logger LOG = LoggerFactory.getLogger(IdTokenHints.class);

    /** What a valid hint says: which client it was issued to, whose it is and its login session (null if none). */
    public record Hint(String clientId, String subject, String sessionId) {}

    private final KeyRing keys;
    private final String issuer;

    public IdTokenHints(KeyRing keys, TokenConfig config) {
        this.keys = keys;
        this.issuer = config.issuer().toString();
    }

    /** The hint's content when it is a valid ID token of this issuer, else empty. */
    public Optional<Hint> verify(String idToken) {
        if (idToken == null || idToken.isEmpty()) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(idToken);
            String refusal = refusal(jwt);
            if (refusal != null) {
                LOG.info("id_token_hint refused: {}", refusal);
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Object sid = claims.getClaim("sid");
            return Optional.of(new Hint(claims.getAudience().getFirst(), claims.getSubject(),
                    sid instanceof String s ? s : null));
        } catch (ParseException | JOSEException | RuntimeException e) {
            LOG.info("id_token_hint refused: not a signed JWT of this issuer");
            return Optional.empty();
        }
    }

    /** Why the token is not a valid hint, or null when it is. */
    private String refusal(SignedJWT jwt) throws ParseException, JOSEException {
        JWSHeader header = jwt.getHeader();
        // our ID tokens are typed JWT; at+jwt and logout+jwt are refused
        if (header.getType() != null && !JOSEObjectType.JWT.equals(header.getType())) {
            return "type " + header.getType();
        }
        if (!TokenConfig.SUPPORTED_ALGORITHMS.contains(header.getAlgorithm())) {
            return "algorithm " + header.getAlgorithm();
        }
        List<JWK> candidates = new JWKSelector(JWKMatcher.forJWSHeader(header)).select(keys.publicJwks());
        boolean verified = false;
        for (JWK key : candidates) {
            if (jwt.verify(verifier(key))) {
                verified = true;
                break;
            }
        }
        if (!verified) {
            return "signature does not verify with a published key";
        }
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        if (!issuer.equals(claims.getIssuer())) {
            return "issued by another issuer";
        }
        List<String> audience = claims.getAudience();
        if (audience == null || audience.size() != 1 || claims.getSubject() == null) {
            return "not an ID token: one audience and a subject are required";
        }
        if (claims.getClaim("events") != null) {
            return "a logout token";
        }
        return null;
    }

    private static JWSVerifier verifier(JWK key) throws JOSEException {
        return switch (key) {
            case ECKey ec -> new ECDSAVerifier(ec);
            case RSAKey rsa -> new RSASSAVerifier(rsa);
            case OctetKeyPair okp -> new Ed25519Verifier(okp);
            default -> throw new JOSEException("unsupported key type " + key.getKeyType());
        };
    }
}
