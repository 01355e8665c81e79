package dev.gatehouse.core.logout;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.gatehouse.core.config.TokenConfig;
import dev.gatehouse.core.keys.KeyRing;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an {@code id_token_hint} (OpenID Connect RP-Initiated Logout 1.0 section 2): an ID token this issuer
 * signed, with one of its published keys. Its expiry is not checked, since relying parties send the hint long
 * after the token expired; but only an ID token passes (not an access or logout token), it names this issuer,
 * exactly one audience (the client) and a subject.
 */
public final class IdTokenHints {
    private static final Logger LOG = LoggerFactory.getLogger(IdTokenHints.class);

    /** What a valid hint says: which client it was issued to, whose it is and its login session (null if none). */
    public record Hint(String clientId, String subject, String sessionId) {}

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public IdTokenHints(KeyRing keys, TokenConfig config) {
        String issuer = config.issuer().toString();
        // our ID tokens are typed JWT; at+jwt and logout+jwt are refused
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(TokenConfig.SUPPORTED_ALGORITHMS,
                (selector, context) -> selector.select(keys.publicJwks())));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
            if (!issuer.equals(claims.getIssuer())) {
                throw new BadJWTException("issued by " + claims.getIssuer());
            }
            List<String> audience = claims.getAudience();
            if (audience == null || audience.size() != 1 || claims.getSubject() == null) {
                throw new BadJWTException("not an ID token: one audience and a subject are required");
            }
            if (claims.getClaim("nonce") == null && claims.getClaim("events") != null) {
                throw new BadJWTException("a logout token");
            }
        });
    }

    /** The hint's content when it is a valid ID token of this issuer, else empty. */
    public Optional<Hint> verify(String idToken) {
        if (idToken == null || idToken.isEmpty()) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet claims = processor.process(idToken, null);
            Object sid = claims.getClaim("sid");
            return Optional.of(new Hint(claims.getAudience().getFirst(), claims.getSubject(),
                    sid instanceof String s ? s : null));
        } catch (java.text.ParseException | BadJOSEException | com.nimbusds.jose.JOSEException e) {
            LOG.info("id_token_hint refused: {}", e instanceof BadJOSEException ? e.getMessage() : "not a signed JWT");
            return Optional.empty();
        }
    }
}
