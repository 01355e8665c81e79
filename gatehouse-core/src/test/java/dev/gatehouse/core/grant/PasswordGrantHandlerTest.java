package dev.gatehouse.core.grant;

import static dev.gatehouse.core.grant.GrantsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.auth.Secret;
import dev.gatehouse.client.VerifiedAccessToken;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.testing.InMemoryIssuer;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import org.junit.jupiter.api.Test;

class PasswordGrantHandlerTest {
    private static final String PASSWORD = "correct horse battery";

    private final InMemoryIssuer issuer = new InMemoryIssuer();
    private final OAuthClient app = TestClients.confidential("app").grant(GrantType.PASSWORD, GrantType.REFRESH_TOKEN)
            .scope("openid", "admin", "orders:read").build();

    @Test
    void rightPasswordStartsASessionWithAccessRefreshAndIdToken() throws Exception {
        User alice = issuer.user("alice", PASSWORD, "reader");

        TokenResult result = issuer.grants.handle(InMemoryIssuer.request(app, grant("alice", PASSWORD), "openid orders:read"));
        VerifiedAccessToken token = issuer.verifier.verify(result.accessToken().value());

        assertThat(token.subject()).isEqualTo(alice.id());
        assertThat(token.roles()).containsExactly("reader");
        assertThat(issuer.sessions.find(token.sid())).hasValueSatisfying(s -> {
            assertThat(s.subject()).isEqualTo(alice.id());
            assertThat(s.ipAddress()).isEqualTo(InMemoryIssuer.ADDRESS);
        });
        assertThat(result.idToken()).isNotNull();
        assertThat(issuer.refreshTokenStore.find(Secrets.sha256(result.refreshToken())))
                .hasValueSatisfying(rt -> assertThat(rt.sessionId()).isEqualTo(token.sid()));
    }

    @Test
    void wrongPasswordAndUnknownUserAreInvalidGrantAndStartNoSession() {
        User alice = issuer.user("alice", PASSWORD);

        assertError(() -> issuer.grants.handle(InMemoryIssuer.request(app, grant("alice", "wrong password"), null)),
                "invalid_grant");
        assertError(() -> issuer.grants.handle(InMemoryIssuer.request(app, grant("bob", PASSWORD), null)),
                "invalid_grant");
        assertThat(issuer.sessions.listActive(alice.id(), issuer.clock.instant())).isEmpty();
    }

    @Test
    void theAdminScopeGoesOnlyToAUserWithTheAdminRole() {
        issuer.user("alice", PASSWORD, "reader");
        issuer.user("root", PASSWORD, User.ADMIN_ROLE);

        TokenResult alice = issuer.grants.handle(InMemoryIssuer.request(app, grant("alice", PASSWORD), "admin orders:read"));
        TokenResult root = issuer.grants.handle(InMemoryIssuer.request(app, grant("root", PASSWORD), "admin orders:read"));

        assertThat(alice.scope()).isEqualTo("orders:read");
        assertThat(issuer.refreshTokenStore.find(Secrets.sha256(alice.refreshToken())))
                .hasValueSatisfying(rt -> assertThat(rt.scope()).isEqualTo("orders:read"));
        assertThat(root.scope()).isEqualTo("admin orders:read");
    }

    static ResourceOwnerPasswordCredentialsGrant grant(String username, String password) {
        return new ResourceOwnerPasswordCredentialsGrant(username, new Secret(password));
    }
}
