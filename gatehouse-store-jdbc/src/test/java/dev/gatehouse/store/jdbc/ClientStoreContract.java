package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.HOUR;
import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static dev.gatehouse.store.jdbc.Fixtures.at;
import static dev.gatehouse.store.jdbc.Fixtures.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import dev.gatehouse.core.client.FirstPartyClient;
import dev.gatehouse.core.client.OAuthClient;
import dev.gatehouse.core.store.DuplicateException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

abstract class ClientStoreContract extends StoreContract {

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
        OAuthClient changed = new OAuthClient("orders", "Renamed", null, Set.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT),
                "{\"keys\":[{\"kty\":\"EC\"}]}", Set.of(GrantType.CLIENT_CREDENTIALS), Set.of("billing:read"),
                Set.of(), Set.of("auditor", "service"), List.of(), true, false, null, Duration.ofHours(1), null,
                Duration.ZERO, JWSAlgorithm.EdDSA, at(HOUR));

        assertThat(stores.clients().update(changed)).isTrue();

        OAuthClient found = stores.clients().find("orders").orElseThrow();
        assertThat(found).isEqualTo(new OAuthClient("orders", "Renamed", null,
                Set.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT), "{\"keys\":[{\"kty\":\"EC\"}]}",
                Set.of(GrantType.CLIENT_CREDENTIALS), Set.of("billing:read"), Set.of(), Set.of("auditor", "service"),
                List.of(), true, false, null, Duration.ofHours(1), null, Duration.ZERO, JWSAlgorithm.EdDSA, T0));
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
