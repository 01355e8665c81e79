package dev.gatehouse.core.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.GrantType;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.core.testing.InMemoryIssuer;
import dev.gatehouse.core.testing.TestClients;
import org.junit.jupiter.api.Test;

class GrantsTest {
    private final InMemoryIssuer issuer = new InMemoryIssuer();
    private final Grants grants = issuer.grants;

    @Test
    void aGrantTheClientIsRegisteredForGetsItsHandler() {
        var client = TestClients.confidential("orders").build();

        assertThat(grants.handler(client, "client_credentials").grantType()).isEqualTo(GrantType.CLIENT_CREDENTIALS);
    }

    @Test
    void missingGrantTypeIsInvalidRequest() {
        assertError(() -> grants.handler(TestClients.confidential("orders").build(), null), "invalid_request");
    }

    @Test
    void grantTypeThisIssuerDoesNotRunIsUnsupportedEvenForAClientRegisteredWithIt() {
        var client = TestClients.confidential("orders").grant(GrantType.DEVICE_CODE).build();

        assertError(() -> grants.handler(client, GrantType.DEVICE_CODE.getValue()), "unsupported_grant_type");
        assertError(() -> grants.handler(client, "made_up"), "unsupported_grant_type");
    }

    @Test
    void publicClientAskingForAGrantThatNeedsClientAuthenticationIsInvalidClient() {
        var client = TestClients.publicClient("spa").grant(GrantType.CLIENT_CREDENTIALS).build();

        assertError(() -> grants.handler(client, "client_credentials"), "invalid_client");
    }

    @Test
    void grantTheClientIsNotRegisteredForIsUnauthorizedClient() {
        var client = TestClients.confidential("orders").build();

        assertError(() -> grants.handler(client, "password"), "unauthorized_client");
        assertError(() -> grants.handle(InMemoryIssuer.request(TestClients.publicClient("spa").build(),
                new ClientCredentialsGrant(), null)), "invalid_client");
    }

    @Test
    void supportedListsTheRegisteredHandlers() {
        assertThat(grants.supported()).containsExactlyInAnyOrder(GrantType.AUTHORIZATION_CODE,
                GrantType.CLIENT_CREDENTIALS, GrantType.REFRESH_TOKEN, GrantType.PASSWORD);
    }

    static void assertError(Runnable call, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(OAuthException.class,
                e -> assertThat(e.error().getCode()).isEqualTo(code));
    }
}
