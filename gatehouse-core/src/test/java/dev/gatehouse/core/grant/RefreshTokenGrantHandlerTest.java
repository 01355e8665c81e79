package dev.gatehouse.core.grant;

import static dev.gatehouse.core.grant.GrantsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import dev.gatehouse.client.revocation.RevocationKind;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.testing.InMemoryIssuer;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshTokenGrantHandlerTest {
    private static final String PASSWORD = "correct horse battery";

    private final InMemoryIssuer issuer = new InMemoryIssuer();
    private final OAuthClient app = TestClients.confidential("app").grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN)
            .scope("openid", "admin", "orders:read", "orders:write").refreshIdleTtl(Duration.ofMinutes(20)).build();
    private final User alice = issuer.user("alice", PASSWORD, "reader");

    @Test
    void refreshRotatesTheTokenKeepsTheSessionAndMayNarrowTheScope() throws Exception {
        TokenResult login = login("orders:read orders:write");

        TokenResult refreshed = refresh(app, login.refreshToken(), "orders:read");

        assertThat(refreshed.refreshToken()).isNotEqualTo(login.refreshToken());
        assertThat(refreshed.scope()).isEqualTo("orders:read");
        assertThat(sid(refreshed)).isEqualTo(sid(login));
        assertThat(issuer.refreshTokens.findUsable(login.refreshToken())).isEmpty();
        assertThat(issuer.refreshTokens.findUsable(refreshed.refreshToken())).isPresent();
    }

    @Test
    void refreshWhenTokenAlreadyRotatedThenFamilyAndSessionRevoked() throws Exception {
        TokenResult login = login(null);
        String sid = sid(login);
        TokenResult refreshed = refresh(app, login.refreshToken(), null);

        assertError(() -> refresh(app, login.refreshToken(), null), "invalid_grant");

        assertThat(issuer.sessions.find(sid)).hasValueSatisfying(s -> assertThat(s.revokedAt()).isNotNull());
        assertThat(issuer.refreshTokens.findUsable(refreshed.refreshToken())).isEmpty();
        assertThat(issuer.revocationLog.events()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(RevocationKind.SESSION);
            assertThat(e.value()).isEqualTo(sid);
        });
    }

    @Test
    void refreshTokenOfAnotherClientIsInvalidGrantAndStaysUsable() {
        TokenResult login = login(null);
        OAuthClient other = TestClients.confidential("other").grant(GrantType.REFRESH_TOKEN).scope("openid").build();

        assertError(() -> refresh(other, login.refreshToken(), null), "invalid_grant");

        assertThat(issuer.refreshTokens.findUsable(login.refreshToken())).isPresent();
    }

    @Test
    void refreshAskingForMoreScopeIsInvalidScopeAndLeavesTheTokenUsable() {
        TokenResult login = login("orders:read");

        assertError(() -> refresh(app, login.refreshToken(), "orders:read orders:write"), "invalid_scope");

        assertThat(refresh(app, login.refreshToken(), null).scope()).isEqualTo("orders:read");
    }

    @Test
    void refreshAfterTheSessionEndedOrTheUserWasDisabledIsInvalidGrant() throws Exception {
        TokenResult first = login(null);
        TokenResult second = login(null);
        issuer.sessions.revoke(sid(first), issuer.clock.instant());
        issuer.users.update(alice.withDisabled(true, issuer.clock.instant()));

        assertError(() -> refresh(app, first.refreshToken(), null), "invalid_grant");
        assertError(() -> refresh(app, second.refreshToken(), null), "invalid_grant");
    }

    @Test
    void refreshTokenUnusedLongerThanItsIdleLifetimeIsInvalidGrant() {
        TokenResult login = login(null);
        issuer.clock.advance(Duration.ofMinutes(21));

        assertError(() -> refresh(app, login.refreshToken(), null), "invalid_grant");
    }

    @Test
    void aStoredAdminScopeIsNotRenewedForAUserWithoutTheAdminRole() throws Exception {
        TokenResult login = login("orders:read");
        // as stored by an earlier version, which granted the client's registered scopes to everyone
        RefreshToken stored = issuer.refreshTokenStore.find(Secrets.sha256(login.refreshToken())).orElseThrow();
        String legacy = Secrets.newToken();
        issuer.refreshTokenStore.save(new RefreshToken(Secrets.sha256(legacy), "legacy-family", stored.sessionId(),
                stored.clientId(), stored.subject(), "admin orders:read", stored.audience(), stored.authTime(),
                stored.issuedAt(), stored.idleExpiresAt(), stored.absoluteExpiresAt()));

        TokenResult refreshed = refresh(app, legacy, null);

        assertThat(refreshed.scope()).isEqualTo("orders:read");
        assertThat(issuer.verifier.verify(refreshed.accessToken().value()).scope()).isEqualTo("orders:read");
        assertThat(issuer.refreshTokenStore.find(Secrets.sha256(refreshed.refreshToken())))
                .hasValueSatisfying(rt -> assertThat(rt.scope()).isEqualTo("orders:read"));
    }

    private TokenResult login(String scope) {
        return issuer.grants.handle(InMemoryIssuer.request(app, PasswordGrantHandlerTest.grant("alice", PASSWORD), scope));
    }

    private TokenResult refresh(OAuthClient client, String refreshToken, String scope) {
        return issuer.grants.handle(InMemoryIssuer.request(client,
                new RefreshTokenGrant(new com.nimbusds.oauth2.sdk.token.RefreshToken(refreshToken)), scope));
    }

    private String sid(TokenResult result) throws Exception {
        return issuer.verifier.verify(result.accessToken().value()).sid();
    }
}
