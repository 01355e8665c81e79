package dev.gatehouse.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.client.revocation.RevocationKind;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.testing.InMemoryIssuer;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevocationsTest {
    private final InMemoryIssuer issuer = new InMemoryIssuer();
    private final OAuthClient app = TestClients.publicClient("app").scope("openid").build();
    private final User alice = issuer.user("alice", "correct horse battery");

    @Test
    void revokingARefreshFamilyEndsItsSessionLogsAnEventAndDenylistsTheSessionAtOnce() throws Exception {
        TokenResult login = login();
        RefreshToken stored = issuer.refreshTokens.find(login.refreshToken()).orElseThrow();

        issuer.revocations.revokeRefreshFamily(stored, "client:app", "test");

        assertThat(issuer.sessions.find(stored.sessionId())).hasValueSatisfying(s -> assertThat(s.revokedAt()).isNotNull());
        assertThat(issuer.refreshTokens.findUsable(login.refreshToken())).isEmpty();
        assertThat(issuer.revocationLog.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(RevocationKind.SESSION);
            assertThat(e.value()).isEqualTo(stored.sessionId());
        });
        assertThat(issuer.audit.events).singleElement().satisfies(e -> assertThat(e.type()).isEqualTo("revocation.test"));
        assertThatRejected(login);
    }

    @Test
    void revokingASubjectEndsEverySessionAndEveryTokenIssuedUntilNow() throws Exception {
        TokenResult first = login();
        TokenResult second = login();

        issuer.revocations.revokeSubject(alice.id(), "admin", "test");

        assertThat(issuer.sessions.listActive(alice.id(), issuer.clock.instant())).isEmpty();
        assertThat(issuer.refreshTokens.findUsable(first.refreshToken())).isEmpty();
        assertThat(issuer.refreshTokens.findUsable(second.refreshToken())).isEmpty();
        assertThat(issuer.revocationLog.events()).extracting(e -> e.kind())
                .containsExactly(RevocationKind.SESSION, RevocationKind.SESSION, RevocationKind.SUBJECT_NOT_BEFORE);
        assertThatRejected(first);
    }

    @Test
    void anAccessTokenIsDenylistedUntilItExpiresAndAnExpiredOneNeedsNoEvent() throws Exception {
        TokenResult login = login();
        var token = issuer.verifier.verify(login.accessToken().value());

        issuer.revocations.revokeAccessToken(token.jti(), token.subject(), token.clientId(), token.expiresAt(), "client:app", "test");
        issuer.revocations.revokeAccessToken("gone", token.subject(), token.clientId(),
                issuer.clock.instant().minus(Duration.ofSeconds(1)), "client:app", "test");

        assertThat(issuer.revocationLog.events()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(RevocationKind.JTI);
            assertThat(e.value()).isEqualTo(token.jti());
        });
        assertThatRejected(login);
    }

    @Test
    void catchUpAppliesEventsAnotherNodeAppendedAndReportsHowMany() throws Exception {
        TokenResult login = login();
        var token = issuer.verifier.verify(login.accessToken().value());
        issuer.revocationLog.append(RevocationKind.SESSION, token.sid(), issuer.clock.instant(),
                issuer.clock.instant().plus(Duration.ofHours(1)));

        assertThat(issuer.revocations.catchUp()).isEqualTo(1);
        assertThat(issuer.revocations.catchUp()).isZero();
        assertThatRejected(login);
    }

    private void assertThatRejected(TokenResult login) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> issuer.verifier.verify(login.accessToken().value()))
                .isInstanceOf(dev.gatehouse.client.InvalidTokenException.class);
    }

    private TokenResult login() {
        return issuer.sessionTokens.login(alice, app, null, List.of(), InMemoryIssuer.ADDRESS, null, "test");
    }
}
