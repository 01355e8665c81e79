package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.consent.Consent;
import dev.gatehouse.core.consent.ConsentStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsentStoreContract extends StoreContract {

    private ConsentStore consents() {
        return stores.consents();
    }

    @Test
    void savedConsentIsFoundWithItsScopes() {
        Consent alice = new Consent("alice", "photos", Set.of("openid", "photos:read"), T0);
        consents().save(alice);

        assertThat(consents().find("alice", "photos")).contains(alice);
        assertThat(consents().find("alice", "other")).isEmpty();
        assertThat(consents().find("bob", "photos")).isEmpty();
    }

    @Test
    void savingAgainReplacesTheEarlierConsentOfThatClient() {
        consents().save(new Consent("alice", "photos", Set.of("openid"), T0));
        Consent wider = new Consent("alice", "photos", Set.of("openid", "photos:write"), T0.plus(Duration.ofHours(1)));

        consents().save(wider);

        assertThat(consents().find("alice", "photos")).contains(wider);
        assertThat(consents().list("alice")).containsExactly(wider);
    }

    @Test
    void listIsTheSubjectsOwnOrderedByClient() {
        Consent zeta = new Consent("alice", "zeta", Set.of("openid"), T0);
        Consent alpha = new Consent("alice", "alpha", Set.of("openid"), T0);
        consents().save(zeta);
        consents().save(alpha);
        consents().save(new Consent("bob", "alpha", Set.of("openid"), T0));

        assertThat(consents().list("alice")).containsExactly(alpha, zeta);
        assertThat(consents().list("carol")).isEmpty();
    }

    @Test
    void revokeForgetsOnlyThatClientsConsent() {
        consents().save(new Consent("alice", "photos", Set.of("openid"), T0));
        consents().save(new Consent("alice", "mail", Set.of("openid"), T0));

        assertThat(consents().revoke("alice", "photos")).isTrue();
        assertThat(consents().revoke("alice", "photos")).isFalse();

        assertThat(consents().find("alice", "photos")).isEmpty();
        assertThat(consents().find("alice", "mail")).isPresent();
    }

    @Test
    void concurrentFirstConsentsOfOneClientLeaveOneRow() throws Exception {
        Concurrently.warmUp(stores.transactions(), 8);

        Concurrently.run(8, i -> {
            consents().save(new Consent("alice", "photos", Set.of("openid", "scope" + i), T0));
            return i;
        });

        List<Consent> left = consents().list("alice");
        assertThat(left).hasSize(1);
        assertThat(left.getFirst().scopes()).hasSize(2).contains("openid");
    }
}
