package dev.gatehouse.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.core.client.ClientSecrets;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.token.AccessTokenClaims;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.server.testing.TestIssuer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changes that take a right or a credential away revoke what was issued on the strength of it. */
class ChangesRevokeTokensTest {
    @TempDir
    Path dir;
    TestIssuer issuer;

    @BeforeEach
    void start() {
        issuer = TestIssuer.start(dir);
    }

    @AfterEach
    void stop() {
        issuer.close();
    }

    @Test
    void provisionedPasswordChangeEndsTheUsersSessions() throws Exception {
        User alice = issuer.createUser("alice", "first password", Set.of("reader"));
        TokenResult tokens = login(alice);

        issuer.services().users().upsertWithHash("alice", issuer.services().passwordHasher().hash("second password"),
                Set.of("reader"), false, "provisioning");

        assertRevoked(tokens);
    }

    @Test
    void provisioningTheSameUserAgainKeepsTheSessions() throws Exception {
        User alice = issuer.createUser("alice", "first password", Set.of("reader"));
        TokenResult tokens = login(alice);

        issuer.services().users().upsertWithHash("alice", null, Set.of("reader"), false, "provisioning");
        issuer.services().users().upsertWithHash("alice", null, Set.of("reader", "writer"), false, "provisioning");

        assertThat(issuer.services().verifier().verify(tokens.accessToken().value()).subject()).isEqualTo(alice.id());
        assertThat(activeRefresh(tokens)).isTrue();
    }

    @Test
    void takingARoleAwayRevokesTheUsersTokens() {
        issuer.createUser("root", "root password", Set.of("admin")); // so that alice is not the last admin
        User alice = issuer.createUser("alice", "first password", Set.of("reader", "admin"));
        TokenResult viaAdminApi = login(alice);
        TokenResult viaProvisioning = login(alice);

        issuer.services().users().setRoles(alice.id(), Set.of("reader"), "admin:test");

        assertRevoked(viaAdminApi);
        assertRevoked(viaProvisioning);
    }

    @Test
    void provisionedSecretChangeRevokesTheClientsTokens() throws Exception {
        OAuthClient client = TestClients.confidential("svc").secretHash(ClientSecrets.hashGenerated("old-" + Secrets.newToken())).build();
        issuer.services().clients().upsert(client, "provisioning");
        String token = clientToken("svc");

        issuer.services().clients().upsert(client, "provisioning");
        assertThat(issuer.services().verifier().verify(token).clientId()).isEqualTo("svc");

        issuer.services().clients().upsert(TestClients.confidential("svc")
                .secretHash(ClientSecrets.hashGenerated("new-" + Secrets.newToken())).build(), "provisioning");

        assertThatThrownBy(() -> issuer.services().verifier().verify(token)).hasMessageContaining("revoked");
        issuer.clock().advance(Duration.ofSeconds(1)); // the test clock stands still; the real one moves on
        assertThat(issuer.services().verifier().verify(clientToken("svc")).clientId()).isEqualTo("svc");
    }

    private TokenResult login(User user) {
        OAuthClient client = issuer.services().clients().find(FirstPartyClient.CLIENT_ID).orElseThrow();
        return issuer.services().sessionTokens().login(user, client, null, List.of(), "127.0.0.1", "test", "login");
    }

    private String clientToken(String clientId) {
        return issuer.services().minter().accessToken(new AccessTokenClaims(clientId, clientId, Set.of("https://api.test"),
                "", null, null, Set.of(), Duration.ofMinutes(5)), null).value();
    }

    private boolean activeRefresh(TokenResult tokens) {
        return issuer.services().stores().refreshTokens()
                .findActive(Secrets.sha256(tokens.refreshToken()), Instant.now()).isPresent();
    }

    private void assertRevoked(TokenResult tokens) {
        assertThatThrownBy(() -> issuer.services().verifier().verify(tokens.accessToken().value()))
                .hasMessageContaining("revoked");
        assertThat(activeRefresh(tokens)).isFalse();
    }
}
