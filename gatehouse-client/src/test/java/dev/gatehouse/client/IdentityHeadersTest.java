package dev.gatehouse.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityHeadersTest {
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    @Test
    void recognisesIdentityHeadersWhateverTheirCase() {
        assertThat(IdentityHeaders.isIdentityHeader("X-Gatehouse-Subject")).isTrue();
        assertThat(IdentityHeaders.isIdentityHeader("x-gatehouse-subject")).isTrue();
        assertThat(IdentityHeaders.isIdentityHeader("X-GATEHOUSE-Anything-Else")).isTrue();
        assertThat(IdentityHeaders.isIdentityHeader("X-Gatehouse-")).isTrue();
        assertThat(IdentityHeaders.isIdentityHeader("X-Gatehouse")).isFalse();
        assertThat(IdentityHeaders.isIdentityHeader("X-Forwarded-For")).isFalse();
        assertThat(IdentityHeaders.isIdentityHeader("Authorization")).isFalse();
    }

    @Test
    void recognisesIdentityHeadersSpelledWithUnderscores() {
        // CGI-style servers (Rack, WSGI, PHP-FPM) map '-' and '_' to the same variable name
        assertThat(IdentityHeaders.isIdentityHeader("X-Gatehouse_Subject")).isTrue();
        assertThat(IdentityHeaders.isIdentityHeader("X_Gatehouse_Roles")).isTrue();
        assertThat(IdentityHeaders.isIdentityHeader("x_gatehouse-scope")).isTrue();
        assertThat(IdentityHeaders.isIdentityHeader("X_Gatehouse")).isFalse();
        assertThat(IdentityHeaders.isIdentityHeader("X_Forwarded_For")).isFalse();
    }

    @Test
    void carriesTheClaimsOfAVerifiedTokenInAStableOrder() {
        Map<String, String> headers = IdentityHeaders.of(new VerifiedAccessToken(TestTokens.claims(NOW).jwtID("jti-1").build()));

        assertThat(headers).containsExactly(
                Map.entry("X-Gatehouse-Subject", "alice"),
                Map.entry("X-Gatehouse-Client-Id", "shop"),
                Map.entry("X-Gatehouse-Scope", "orders.read orders.write"),
                Map.entry("X-Gatehouse-Roles", "clerk"),
                Map.entry("X-Gatehouse-Session", "session-1"),
                Map.entry("X-Gatehouse-Token-Id", "jti-1"),
                Map.entry("X-Gatehouse-Expires", Long.toString(NOW.plusSeconds(300).getEpochSecond())));
    }

    @Test
    void leavesOutHeadersForAbsentClaims() {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("svc").claim("client_id", "svc").jwtID("j")
                .issueTime(Date.from(NOW)).expirationTime(Date.from(NOW.plusSeconds(60))).build();

        assertThat(IdentityHeaders.of(new VerifiedAccessToken(claims)))
                .doesNotContainKeys(IdentityHeaders.SCOPE, IdentityHeaders.ROLES, IdentityHeaders.SESSION)
                .containsKeys(IdentityHeaders.SUBJECT, IdentityHeaders.CLIENT_ID, IdentityHeaders.TOKEN_ID, IdentityHeaders.EXPIRES);
    }

    @Test
    void percentEncodesLineBreaksSoNoClaimCanAddAHeader() {
        JWTClaimsSet claims = TestTokens.claims(NOW).subject("alice\r\nX-Gatehouse-Roles: admin").build();

        assertThat(IdentityHeaders.of(new VerifiedAccessToken(claims)).get(IdentityHeaders.SUBJECT))
                .isEqualTo("alice%0D%0AX-Gatehouse-Roles: admin");
    }

    @Test
    void percentEncodesNonAsciiAsUtf8AndThePercentSignItself() {
        JWTClaimsSet claims = TestTokens.claims(NOW).subject("jürgen 100%").claim("roles", List.of("chef\u00e9", "b\ta")).build();
        Map<String, String> headers = IdentityHeaders.of(new VerifiedAccessToken(claims));

        assertThat(headers.get(IdentityHeaders.SUBJECT)).isEqualTo("j%C3%BCrgen 100%25");
        assertThat(headers.get(IdentityHeaders.ROLES)).isEqualTo("b%09a chef%C3%A9");
    }

    @Test
    void namesListsEveryHeaderAGateAddsAndNothingElse() {
        assertThat(IdentityHeaders.NAMES).allSatisfy(name -> assertThat(IdentityHeaders.isIdentityHeader(name)).isTrue())
                .doesNotHaveDuplicates()
                .containsExactly(IdentityHeaders.SUBJECT, IdentityHeaders.CLIENT_ID, IdentityHeaders.SCOPE,
                        IdentityHeaders.ROLES, IdentityHeaders.SESSION, IdentityHeaders.TOKEN_ID, IdentityHeaders.EXPIRES);
    }
}
