package dev.gatehouse.client;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one place that turns a request's Authorization header and a resource's {@link AccessPolicy} into a
 * {@link Decision}, with RFC 6750 answers: 401 and a challenge for a missing, malformed, expired or revoked
 * token, 403 {@code insufficient_scope} for a valid token without the rights, 400 {@code invalid_request} for
 * more than one Authorization header, 503 when the verifier cannot vouch for anything (fail closed). The gateway, the issuer's verify endpoint and the SDK adapters all decide
 * here.
 */
public final class Gate {
    private final TokenVerifier verifier;
    private final String realm;

    public Gate(TokenVerifier verifier, String realm) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (realm == null || realm.isBlank() || realm.contains("\"") || realm.contains("\\")) {
            throw new IllegalArgumentException("realm: a non-empty name without quotes or backslashes");
        }
        this.realm = realm;
    }

    public Gate(TokenVerifier verifier) {
        this(verifier, "gatehouse");
    }

    /**
     * @param authorizations every Authorization header of the request: more than one is refused (400
     *                       {@code invalid_request}), since gate and service could otherwise read different ones
     */
    public Decision checkHeaders(List<String> authorizations, AccessPolicy policy) {
        if (Bearer.ambiguous(authorizations)) {
            return new Decision.Denied(400, "invalid_request", Bearer.MORE_THAN_ONE,
                    challenge("invalid_request", Bearer.MORE_THAN_ONE, null));
        }
        return check(authorizations.isEmpty() ? null : authorizations.getFirst(), policy);
    }

    /** @param authorization the request's Authorization header value, or null */
    public Decision check(String authorization, AccessPolicy policy) {
        Optional<String> bearer = Bearer.token(authorization);
        if (bearer.isEmpty()) {
            // RFC 6750 3.1: no error code when the request carried no credentials
            return new Decision.Denied(401, null, "An access token is required", "Bearer realm=\"" + realm + "\"");
        }
        if (!Bearer.wellFormed(bearer.get())) {
            return invalid(InvalidTokenException.Reason.MALFORMED);
        }
        VerifiedAccessToken token;
        try {
            token = verifier.verify(bearer.get());
        } catch (InvalidTokenException e) {
            return invalid(e.reason());
        } catch (VerifierUnavailableException e) {
            return new Decision.Denied(503, "temporarily_unavailable",
                    "Token verification is unavailable; try again shortly", null);
        }
        if (!token.audience().containsAll(policy.audiences())) {
            // RFC 9068 4: a token for another audience is invalid here, not merely short of rights
            return new Decision.Denied(401, "invalid_token", "The access token is not meant for this resource",
                    challenge("invalid_token", "The access token is not meant for this resource", null));
        }
        if (!token.scopes().containsAll(policy.scopes())) {
            String description = "The access token lacks a required scope";
            return new Decision.Denied(403, "insufficient_scope", description,
                    challenge("insufficient_scope", description, policy.scopeString()));
        }
        if (!token.roles().containsAll(policy.roles())) {
            String description = "The access token lacks a required role";
            return new Decision.Denied(403, "insufficient_scope", description,
                    challenge("insufficient_scope", description, policy.scopeString()));
        }
        return new Decision.Allowed(token);
    }

    private Decision invalid(InvalidTokenException.Reason reason) {
        return new Decision.Denied(401, "invalid_token", reason.description(),
                challenge("invalid_token", reason.description(), null));
    }

    private String challenge(String error, String description, String scope) {
        StringBuilder c = new StringBuilder("Bearer realm=\"").append(realm).append("\", error=\"").append(error)
                .append("\", error_description=\"").append(description).append('"');
        if (scope != null && !scope.isEmpty()) {
            c.append(", scope=\"").append(scope).append('"');
        }
        return c.toString();
    }
}
