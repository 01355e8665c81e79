package dev.gatehouse.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.testing.InMemoryIssuer;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefreshTokensTest {
    private final InMemoryIssuer issuer = new InMemoryIssuer();
    private final OAuthClient app = TestClients.publicClient("app").scope("openid").refreshIdleTtl(Duration.ofMinutes(5)).build();
    private final User alice = issuer.user("alice", "correct horse battery");

    @Test
    void aLiveTokenOfALiveSessionAndAnEnabledUserIsUsable() {
        TokenResult login = login();

        assertThat(issuer.refreshTokens.findUsable(login.refreshToken())).hasValueSatisfying(usable -> {
            assertThat(usable.user().id()).isEqualTo(alice.id());
            assertThat(usable.token().clientId()).isEqualTo("app");
        });
    }

    @Test
    void aTokenIsNotUsableOnceItsSessionEnds() {
        TokenResult login = login();
        String sid = issuer.refreshTokens.find(login.refreshToken()).orElseThrow().sessionId();

        issuer.sessions.revoke(sid, issuer.clock.instant());

        assertThat(issuer.refreshTokens.findUsable(login.refreshToken())).isEmpty();
        assertThat(issuer.refreshTokens.find(login.refreshToken())).isPresent();
    }

    @Test
    void aTokenIsNotUsableOnceItsUserIsDisabledOrGone() {
        TokenResult login = login();

        issuer.users.update(alice.withDisabled(true, issuer.clock.instant()));
        assertThat(issuer.refreshTokens.findUsable(login.refreshToken())).isEmpty();

        issuer.users.delete(alice.id());
        assertThat(issuer.refreshTokens.findUsable(login.refreshToken())).isEmpty();
    }

    @Test
    void anExpiredOrUnknownTokenIsNotUsable() {
        TokenResult login = login();

        issuer.clock.advance(Duration.ofMinutes(6));

        assertThat(issuer.refreshTokens.findUsable(login.refreshToken())).isEmpty();
        assertThat(issuer.refreshTokens.findUsable("no-such-token")).isEmpty();
    }

    private TokenResult login() {
        return issuer.sessionTokens.login(alice, app, null, List.of(), InMemoryIssuer.ADDRESS, null, "test");
    }
}
