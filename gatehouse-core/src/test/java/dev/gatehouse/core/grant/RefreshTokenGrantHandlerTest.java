package dev.gatehouse.core.grant;

import static dev.gatehouse.core.grant.GrantsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import dev.gatehouse.client.revocation.RevocationKind;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.testing.InMemoryIssuer;
import dev.gatehouse.core.testing.InMemoryRefreshTokenStore;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefreshTokenGrantHandlerTest {
    private static final String PASSWORD = "correct horse battery";
    private static final Duration GRACE = OAuthClient.DEFAULT_REFRESH_GRACE_PERIOD;

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
    void refreshWithATokenRotatedLongerThanTheGracePeriodAgoRevokesTheFamilyAndTheSession() throws Exception {
        TokenResult login = login(null);
        String sid = sid(login);
        TokenResult refreshed = refresh(app, login.refreshToken(), null);
        issuer.clock.advance(GRACE);

        assertError(() -> refresh(app, login.refreshToken(), null), "invalid_grant");

        assertThat(issuer.sessions.find(sid)).hasValueSatisfying(s -> assertThat(s.revokedAt()).isNotNull());
        assertThat(issuer.refreshTokens.findUsable(refreshed.refreshToken())).isEmpty();
        assertThat(issuer.revocationLog.events()).anySatisfy(e -> {
            assertThat(e.kind()).isEqualTo(RevocationKind.SESSION);
            assertThat(e.value()).isEqualTo(sid);
        });
    }

    @Test
    void aRetryWithinTheGracePeriodGetsTheSameRefreshTokenAndRevokesNothing() {
        TokenResult login = login(null);
        TokenResult lost = refresh(app, login.refreshToken(), null);
        issuer.clock.advance(GRACE.minusMillis(1));

        TokenResult retry = refresh(app, login.refreshToken(), null);

        assertThat(retry.refreshToken()).isEqualTo(lost.refreshToken());
        assertThat(retry.accessToken().jti()).isNotEqualTo(lost.accessToken().jti());
        assertThat(retry.scope()).isEqualTo(lost.scope());
        assertThat(issuer.revocationLog.events()).isEmpty();
        assertThat(refresh(app, retry.refreshToken(), null).refreshToken()).isNotEqualTo(retry.refreshToken());
    }

    @Test
    void aRetryOnceTheSuccessorWasUsedRevokesTheFamily() throws Exception {
        TokenResult login = login(null);
        String sid = sid(login);
        TokenResult second = refresh(app, login.refreshToken(), null);
        TokenResult third = refresh(app, second.refreshToken(), null);

        assertError(() -> refresh(app, login.refreshToken(), null), "invalid_grant");

        assertThat(issuer.refreshTokens.findUsable(third.refreshToken())).isEmpty();
        assertThat(issuer.sessions.find(sid)).hasValueSatisfying(s -> assertThat(s.revokedAt()).isNotNull());
    }

    @Test
    void aStrictClientsRetryRevokesAtOnceAndNothingIsSealed() throws Exception {
        OAuthClient strict = TestClients.confidential("strict").grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN)
                .scope("openid").refreshGracePeriod(Duration.ZERO).build();
        TokenResult login = login(strict, null);
        String sid = sid(login);
        refresh(strict, login.refreshToken(), null);

        assertThat(issuer.refreshTokenStore.entry(Secrets.sha256(login.refreshToken())).sealedSuccessor()).isNull();
        assertError(() -> refresh(strict, login.refreshToken(), null), "invalid_grant");
        assertThat(issuer.sessions.find(sid)).hasValueSatisfying(s -> assertThat(s.revokedAt()).isNotNull());
    }

    @Test
    void theSuccessorIsKeptEncryptedUnderAKeyOtherThanTheKeyEncryptionKey() {
        TokenResult login = login(null);
        TokenResult rotated = refresh(app, login.refreshToken(), null);
        String presentedHash = Secrets.sha256(login.refreshToken());

        String sealed = issuer.refreshTokenStore.entry(presentedHash).sealedSuccessor();

        assertThat(sealed).isNotNull().doesNotContain(rotated.refreshToken());
        assertThatThrownBy(() -> InMemoryIssuer.KEY_ENCRYPTION.decrypt(sealed, presentedHash))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSealMovedFromAnotherRotationIsTakenAsReuse() {
        TokenResult victim = login(null);
        TokenResult other = login(null);
        refresh(app, victim.refreshToken(), null);
        refresh(app, other.refreshToken(), null);
        InMemoryRefreshTokenStore.Entry victimEntry = issuer.refreshTokenStore.entry(Secrets.sha256(victim.refreshToken()));
        String otherSeal = issuer.refreshTokenStore.entry(Secrets.sha256(other.refreshToken())).sealedSuccessor();
        issuer.refreshTokenStore.replace(new InMemoryRefreshTokenStore.Entry(victimEntry.token(),
                victimEntry.rotatedAt(), victimEntry.revoked(), victimEntry.successorHash(), otherSeal));

        assertError(() -> refresh(app, victim.refreshToken(), null), "invalid_grant");

        assertThat(issuer.refreshTokenStore.findActive(victimEntry.successorHash(), issuer.clock.instant())).isEmpty();
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
        return login(app, scope);
    }

    private TokenResult login(OAuthClient client, String scope) {
        return issuer.grants.handle(InMemoryIssuer.request(client, PasswordGrantHandlerTest.grant("alice", PASSWORD), scope));
    }

    private TokenResult refresh(OAuthClient client, String refreshToken, String scope) {
        return issuer.grants.handle(InMemoryIssuer.request(client,
                new RefreshTokenGrant(new com.nimbusds.oauth2.sdk.token.RefreshToken(refreshToken)), scope));
    }

    private String sid(TokenResult result) throws Exception {
        return issuer.verifier.verify(result.accessToken().value()).sid();
    }
}
