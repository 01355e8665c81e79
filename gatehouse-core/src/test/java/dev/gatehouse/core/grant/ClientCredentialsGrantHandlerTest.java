package dev.gatehouse.core.grant;

import static dev.gatehouse.core.grant.GrantsTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import dev.gatehouse.client.VerifiedAccessToken;
import dev.gatehouse.core.testing.InMemoryIssuer;
import dev.gatehouse.core.testing.TestClients;
import dev.gatehouse.core.token.TokenResult;
import dev.gatehouse.core.user.User;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ClientCredentialsGrantHandlerTest {
    private final InMemoryIssuer issuer = new InMemoryIssuer();

    @Test
    void tokenNamesTheClientAsSubjectCarriesItsRolesAndComesWithoutRefreshToken() throws Exception {
        var client = TestClients.confidential("orders").scope("orders:read", "orders:write").role("svc").build();

        TokenResult result = issuer.grants.handle(InMemoryIssuer.request(client, new ClientCredentialsGrant(), null));
        VerifiedAccessToken token = issuer.verifier.verify(result.accessToken().value());

        assertThat(token.subject()).isEqualTo("orders");
        assertThat(token.clientId()).isEqualTo("orders");
        assertThat(token.scope()).isEqualTo("orders:read orders:write");
        assertThat(token.roles()).containsExactly("svc");
        assertThat(token.sid()).isNull();
        assertThat(result.refreshToken()).isNull();
        assertThat(result.idToken()).isNull();
        assertThat(issuer.sessions.listActive("orders", issuer.clock.instant())).isEmpty();
    }

    @Test
    void theAdminScopeIsDroppedUnlessTheClientHasTheAdminRole() throws Exception {
        var plain = TestClients.confidential("plain").scope("admin", "orders:read").build();
        var ops = TestClients.confidential("ops").scope("admin", "orders:read").role(User.ADMIN_ROLE).build();

        TokenResult plainResult = issuer.grants.handle(InMemoryIssuer.request(plain, new ClientCredentialsGrant(), null));
        TokenResult opsResult = issuer.grants.handle(InMemoryIssuer.request(ops, new ClientCredentialsGrant(), "admin"));

        assertThat(plainResult.scope()).isEqualTo("orders:read");
        assertThat(issuer.verifier.verify(plainResult.accessToken().value()).scope()).isEqualTo("orders:read");
        assertThat(opsResult.scope()).isEqualTo("admin");
    }

    @Test
    void scopeOrResourceBeyondTheRegistrationIsRefused() {
        var client = TestClients.confidential("orders").scope("orders:read").build();

        assertError(() -> issuer.grants.handle(InMemoryIssuer.request(client, new ClientCredentialsGrant(),
                "orders:write")), "invalid_scope");
        assertError(() -> issuer.grants.handle(InMemoryIssuer.request(client, new ClientCredentialsGrant(), null,
                URI.create("https://other.test"))), "invalid_target");
    }
}
