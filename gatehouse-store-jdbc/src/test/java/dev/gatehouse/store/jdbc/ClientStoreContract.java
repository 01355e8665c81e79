package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.HOUR;
import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static dev.gatehouse.store.jdbc.Fixtures.at;
import static dev.gatehouse.store.jdbc.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.store.DuplicateException;
import dev.gatehouse.core.testing.TestClients;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientStoreContract extends StoreContract {

    @Test
    void createdClientIsFoundWithEveryField() {
        OAuthClient orders = client("orders");
        stores.clients().create(orders);

        OAuthClient found = stores.clients().find("orders").orElseThrow();

        assertThat(found).isEqualTo(orders);
        assertThat(found.redirectUris()).containsExactly(URI.create("https://app.example/cb"),
                URI.create("http://127.0.0.1:8080/callback?x=1"));
    }

    @Test
    void publicClientWithoutSecretOverridesOrAlgorithmRoundTrips() {
        OAuthClient firstParty = FirstPartyClient.registration(URI.create("https://issuer.example"), T0);
        stores.clients().create(firstParty);

        OAuthClient found = stores.clients().find(FirstPartyClient.CLIENT_ID).orElseThrow();

        assertThat(found).isEqualTo(firstParty);
        assertThat(found.isPublic()).isTrue();
        assertThat(found.accessTokenTtl()).isNull();
        assertThat(found.signingAlgorithm()).isNull();
    }

    @Test
    void findWhenAbsentThenEmpty() {
        assertThat(stores.clients().find("nobody")).isEmpty();
    }

    @Test
    void createWhenClientIdTakenThenDuplicate() {
        stores.clients().create(client("orders"));

        assertThatThrownBy(() -> stores.clients().create(client("orders"))).isInstanceOf(DuplicateException.class);
    }

    @Test
    void updateReplacesEveryFieldButClientIdAndCreatedAt() {
        stores.clients().create(client("orders"));
        TestClients renamed = TestClients.confidential("orders").name("Renamed")
                .authMethods(ClientAuthenticationMethod.PRIVATE_KEY_JWT).jwks("{\"keys\":[{\"kty\":\"EC\"}]}")
                .scope("billing:read").noAudience().role("auditor", "service").firstParty()
                .refreshIdleTtl(Duration.ofHours(1)).algorithm(JWSAlgorithm.EdDSA);

        assertThat(stores.clients().update(renamed.createdAt(at(HOUR)).build())).isTrue();

        OAuthClient found = stores.clients().find("orders").orElseThrow();
        assertThat(found).isEqualTo(renamed.createdAt(T0).build());
    }

    @Test
    void updateWhenAbsentThenFalse() {
        assertThat(stores.clients().update(client("orders"))).isFalse();
        assertThat(stores.clients().find("orders")).isEmpty();
    }

    @Test
    void deleteReportsWhetherTheClientExisted() {
        stores.clients().create(client("orders"));

        assertThat(stores.clients().delete("orders")).isTrue();
        assertThat(stores.clients().delete("orders")).isFalse();
        assertThat(stores.clients().find("orders")).isEmpty();
    }

    @Test
    void listReturnsEveryClientOrderedById() {
        stores.clients().create(client("zeta"));
        stores.clients().create(client("alpha"));
        stores.clients().create(client("mid"));

        assertThat(stores.clients().list()).extracting(OAuthClient::clientId).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void listWhenNoClientsThenEmpty() {
        assertThat(stores.clients().list()).isEmpty();
    }
}
