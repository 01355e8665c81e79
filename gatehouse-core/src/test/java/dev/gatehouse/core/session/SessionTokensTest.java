package dev.gatehouse.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.Scope;
import dev.gatehouse.client.VerifiedAccessToken;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.testing.InMemoryIssuer;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SessionTokensTest {
    private final InMemoryIssuer issuer = new InMemoryIssuer();
    private final OAuthClient app = TestClients.publicClient("app").scope("openid", "profile", "admin")
            .audience("https://orders.test").build();
    private final User alice = issuer.user("alice", "correct horse battery", "reader");

    @Test
    void loginStoresTheSessionAndARefreshTokenWithTheGrantedScopeAndAudience() throws Exception {
        TokenResult result = login(alice, Scope.parse("openid"), URI.create("https://orders.test"));
        VerifiedAccessToken token = issuer.verifier.verify(result.accessToken().value());

        Session session = issuer.sessions.find(token.sid()).orElseThrow();
        assertThat(session.subject()).isEqualTo(alice.id());
        assertThat(session.clientId()).isEqualTo("app");
        assertThat(session.isActive(issuer.clock.instant())).isTrue();
        assertThat(token.audience()).containsExactly("https://orders.test");
        assertThat(issuer.refreshTokenStore.find(Secrets.sha256(result.refreshToken()))).hasValueSatisfying(rt -> {
            assertThat(rt.scope()).isEqualTo("openid");
            assertThat(rt.audience()).containsExactly("https://orders.test");
            assertThat(rt.sessionId()).isEqualTo(session.id());
        });
        assertThat(result.idToken()).isNotNull();
    }

    @Test
    void withoutScopeTheRegisteredScopesAreGrantedLessTheRoleBoundOnesTheUserLacks() {
        User root = issuer.user("root", "correct horse battery", User.ADMIN_ROLE);

        assertThat(Scope.parse(login(alice, null).scope())).containsExactlyInAnyOrder(Scope.parse("openid profile").toArray(Scope.Value[]::new));
        assertThat(Scope.parse(login(root, null).scope()))
                .containsExactlyInAnyOrder(Scope.parse("openid profile admin").toArray(Scope.Value[]::new));
    }

    @Test
    void aClientWithoutTheRefreshGrantGetsNoRefreshToken() {
        OAuthClient noRefresh = TestClients.confidential("svc").grant(GrantType.PASSWORD).scope("openid").build();

        TokenResult result = issuer.sessionTokens.login(alice, noRefresh, null, List.of(), InMemoryIssuer.ADDRESS, null, "test");

        assertThat(result.refreshToken()).isNull();
    }

    @Test
    void rolesTakenAwayDuringTheLoginTakeTheRoleBoundScopeWithThem() throws Exception {
        User root = issuer.user("root", "correct horse battery", User.ADMIN_ROLE);
        issuer.users.update(root.withRoles(Set.of("reader"), issuer.clock.instant()));

        TokenResult result = login(root, Scope.parse("openid admin"));

        assertThat(result.scope()).isEqualTo("openid");
        assertThat(issuer.verifier.verify(result.accessToken().value()).roles()).containsExactly("reader");
        assertThat(issuer.refreshTokenStore.find(Secrets.sha256(result.refreshToken())))
                .hasValueSatisfying(rt -> assertThat(rt.scope()).isEqualTo("openid"));
    }

    @Test
    void aUserWhosePasswordChangedSinceTheCheckIsRefusedAndGetsNoSession() {
        issuer.users.update(alice.withPasswordHash(issuer.hasher.hash("another password"), issuer.clock.instant()));

        assertThatThrownBy(() -> login(alice, null)).isInstanceOfSatisfying(OAuthException.class,
                e -> assertThat(e.error().getCode()).isEqualTo("invalid_grant"));
        assertThat(issuer.sessions.listActive(alice.id(), issuer.clock.instant())).isEmpty();
    }

    private TokenResult login(User user, Scope scope, URI... resources) {
        return issuer.sessionTokens.login(user, app, scope, List.of(resources), InMemoryIssuer.ADDRESS, "agent", "test");
    }
}
