package dev.gatehouse.client;

import dev.gatehouse.client.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GateTest {
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final AccessPolicy ORDERS = AccessPolicy.audience("orders");

    private final ECKey key = TestTokens.ecKey("ec-1");
    private final Gate gate = new Gate(JwtTokenVerifier.builder(TestTokens.ISSUER, TestTokens.keySource(key))
            .clock(new MutableClock(NOW)).build());

    private String bearer() {
        return "Bearer " + TestTokens.token(key, NOW);
    }

    @Test
    void aRequestWithoutAuthorizationGetsAChallengeWithoutErrorCode() {
        assertThat(gate.check(null, ORDERS))
                .isEqualTo(new Decision.Denied(401, null, "An access token is required", "Bearer realm=\"gatehouse\""));
    }

    @Test
    void twoAuthorizationHeadersAreAnInvalidRequestEvenWhenOneIsGood() {
        Decision decision = gate.checkHeaders(java.util.List.of(bearer(), "Bearer other"), ORDERS);

        assertThat(decision).isEqualTo(new Decision.Denied(400, "invalid_request",
                "The request carries more than one Authorization header",
                "Bearer realm=\"gatehouse\", error=\"invalid_request\", error_description=\"The request carries more than one Authorization header\""));
        assertThat(gate.checkHeaders(java.util.List.of(bearer()), ORDERS)).isInstanceOf(Decision.Allowed.class);
        assertThat(gate.checkHeaders(java.util.List.of(), ORDERS)).isInstanceOf(Decision.Denied.class);
    }

    @Test
    void anotherAuthorizationSchemeCountsAsNoToken() {
        assertThat(gate.check("Basic YWxpY2U6c2VjcmV0", ORDERS))
                .isEqualTo(new Decision.Denied(401, null, "An access token is required", "Bearer realm=\"gatehouse\""));
        assertThat(gate.check("Bearer   ", ORDERS))
                .isEqualTo(new Decision.Denied(401, null, "An access token is required", "Bearer realm=\"gatehouse\""));
    }

    @Test
    void junkInTheBearerHeaderIsAMalformedInvalidToken() {
        assertThat(gate.check("Bearer not a token!", ORDERS)).isEqualTo(new Decision.Denied(401, "invalid_token",
                "The access token is malformed",
                "Bearer realm=\"gatehouse\", error=\"invalid_token\", error_description=\"The access token is malformed\""));
        assertThat(gate.check("Bearer abc.def", ORDERS)).isEqualTo(new Decision.Denied(401, "invalid_token",
                "The access token is malformed",
                "Bearer realm=\"gatehouse\", error=\"invalid_token\", error_description=\"The access token is malformed\""));
    }

    @Test
    void anExpiredTokenIsAnInvalidTokenSayingSo() {
        Decision decision = gate.check("Bearer " + TestTokens.token(key, NOW.minusSeconds(3600)), ORDERS);

        assertThat(decision).isEqualTo(new Decision.Denied(401, "invalid_token", "The access token expired",
                "Bearer realm=\"gatehouse\", error=\"invalid_token\", error_description=\"The access token expired\""));
    }

    @Test
    void aTokenForAnotherAudienceIsInvalidHere() {
        Decision decision = gate.check(bearer(), AccessPolicy.audience("billing"));

        assertThat(decision).isEqualTo(new Decision.Denied(401, "invalid_token",
                "The access token is not meant for this resource",
                "Bearer realm=\"gatehouse\", error=\"invalid_token\", error_description=\"The access token is not meant for this resource\""));
    }

    @Test
    void aTokenWithoutARequiredScopeIsForbiddenNamingTheRequiredScopes() {
        Decision decision = gate.check(bearer(), ORDERS.withScopes(Set.of("orders.read", "orders.admin")));

        assertThat(decision).isEqualTo(new Decision.Denied(403, "insufficient_scope",
                "The access token lacks a required scope",
                "Bearer realm=\"gatehouse\", error=\"insufficient_scope\", error_description=\"The access token lacks a required scope\", scope=\"orders.admin orders.read\""));
    }

    @Test
    void aTokenWithoutARequiredRoleIsForbidden() {
        Decision decision = gate.check(bearer(), ORDERS.withScopes(Set.of("orders.read")).withRoles(Set.of("manager")));

        assertThat(decision).isEqualTo(new Decision.Denied(403, "insufficient_scope",
                "The access token lacks a required role",
                "Bearer realm=\"gatehouse\", error=\"insufficient_scope\", error_description=\"The access token lacks a required role\", scope=\"orders.read\""));
    }

    @Test
    void aMissingRoleWithoutRequiredScopesGivesAChallengeWithoutScope() {
        Decision decision = gate.check(bearer(), ORDERS.withRoles(Set.of("manager")));

        assertThat(((Decision.Denied) decision).wwwAuthenticate()).isEqualTo(
                "Bearer realm=\"gatehouse\", error=\"insufficient_scope\", error_description=\"The access token lacks a required role\"");
    }

    @Test
    void anUnavailableVerifierMeansServiceUnavailableWithoutChallenge() {
        Gate closed = new Gate(token -> {
            throw new VerifierUnavailableException("revocation feed stale");
        });

        assertThat(closed.check(bearer(), ORDERS)).isEqualTo(new Decision.Denied(503, "temporarily_unavailable",
                "Token verification is unavailable; try again shortly", null));
    }

    @Test
    void aValidTokenWithEveryRequirementIsAllowed() {
        Decision decision = gate.check(bearer(), ORDERS.withScopes(Set.of("orders.read")).withRoles(Set.of("clerk")));

        assertThat(decision).isInstanceOf(Decision.Allowed.class);
        assertThat(((Decision.Allowed) decision).token().subject()).isEqualTo("alice");
    }

    @Test
    void theRealmIsConfigurable() {
        Gate shop = new Gate(JwtTokenVerifier.builder(TestTokens.ISSUER, TestTokens.keySource(key)).build(), "shop");

        assertThat(((Decision.Denied) shop.check(null, ORDERS)).wwwAuthenticate()).isEqualTo("Bearer realm=\"shop\"");
    }

    @Test
    void aRealmThatWouldBreakTheChallengeIsRefused() {
        assertThatThrownBy(() -> new Gate(token -> null, "a\"b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Gate(token -> null, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPolicyNeedsAnAudience() {
        assertThatThrownBy(() -> new AccessPolicy(Set.of(), Set.of("x"), Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccessPolicy(Set.of("orders"), Set.of("a\"b"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a\"b");
        assertThatThrownBy(() -> new AccessPolicy(Set.of("orders"), Set.of(), Set.of("admin\r\nX: y")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AccessPolicy(Set.of("or ders"), Set.of(), Set.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
