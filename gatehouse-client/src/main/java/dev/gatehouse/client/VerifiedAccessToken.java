package dev.gatehouse.client;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** The claims of an access token whose signature, type, issuer, expiry and revocation status were checked. */
public record VerifiedAccessToken(JWTClaimsSet claims) {
    /** The request attribute under which the servlet filter and the Javalin handler leave the verified token. */
    public static final String REQUEST_ATTRIBUTE = "dev.gatehouse.client.VerifiedAccessToken";

    public String subject() { return claims.getSubject(); }

    public String jti() { return claims.getJWTID(); }

    public String clientId() { return (String) claims.getClaim("client_id"); }

    public String sid() { return (String) claims.getClaim("sid"); }

    public Instant issuedAt() { return claims.getIssueTime().toInstant(); }

    public Instant expiresAt() { return claims.getExpirationTime().toInstant(); }

    public List<String> audience() { return claims.getAudience(); }

    public String scope() { return (String) claims.getClaim("scope"); }

    public Set<String> scopes() {
        String s = scope();
        return s == null || s.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(s.trim().split("\\s+")));
    }

    @SuppressWarnings("unchecked")
    public Set<String> roles() {
        Object r = claims.getClaim("roles");
        return r instanceof List<?> l ? Set.copyOf((List<String>) l) : Set.of();
    }
}
