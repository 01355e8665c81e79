package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.DAY;
import static dev.gatehouse.store.jdbc.Fixtures.HOUR;
import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static dev.gatehouse.store.jdbc.Fixtures.at;
import static dev.gatehouse.store.jdbc.Fixtures.signingKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.keys.StoredSigningKey;
import dev.gatehouse.core.store.DuplicateException;
import org.junit.jupiter.api.Test;

class SigningKeyStoreContract extends StoreContract {

    @Test
    void savedKeysComeBackWithEveryFieldOldestFirst() {
        StoredSigningKey newer = new StoredSigningKey("k2", "RS256", "{\"kty\":\"RSA\"}", "enc-2", at(HOUR),
                at(HOUR.multipliedBy(2)), null, null);
        StoredSigningKey older = new StoredSigningKey("k1", "ES256", "{\"kty\":\"EC\"}", "enc-1", T0, T0, at(DAY),
                at(DAY.multipliedBy(2)));
        stores.signingKeys().save(newer);
        stores.signingKeys().save(older);

        assertThat(stores.signingKeys().all()).containsExactly(older, newer);
    }

    @Test
    void allWhenNoKeysThenEmpty() {
        assertThat(stores.signingKeys().all()).isEmpty();
    }

    @Test
    void saveWhenKidTakenThenDuplicate() {
        stores.signingKeys().save(signingKey("k1", T0));

        assertThatThrownBy(() -> stores.signingKeys().save(signingKey("k1", at(HOUR))))
                .isInstanceOf(DuplicateException.class);
    }

    @Test
    void retireSetsRetirementAndRemovalOfThatKeyOnly() {
        stores.signingKeys().save(signingKey("k1", T0));
        stores.signingKeys().save(signingKey("k2", at(HOUR)));

        stores.signingKeys().retire("k1", at(HOUR), at(DAY));

        assertThat(stores.signingKeys().all()).containsExactly(
                new StoredSigningKey("k1", "ES256", "{\"kty\":\"EC\",\"kid\":\"k1\"}", "enc:k1", T0, T0, at(HOUR), at(DAY)),
                signingKey("k2", at(HOUR)));
    }

    @Test
    void retireWhenAbsentChangesNothing() {
        stores.signingKeys().save(signingKey("k1", T0));

        stores.signingKeys().retire("gone", at(HOUR), at(DAY));

        assertThat(stores.signingKeys().all()).containsExactly(signingKey("k1", T0));
    }

    @Test
    void purgeRemovedDeletesKeysWhoseRemovalTimeHasCome() {
        stores.signingKeys().save(signingKey("current", T0));
        stores.signingKeys().save(signingKey("due", T0));
        stores.signingKeys().save(signingKey("overdue", T0));
        stores.signingKeys().save(signingKey("later", T0));
        stores.signingKeys().retire("due", at(HOUR), at(DAY));
        stores.signingKeys().retire("overdue", at(HOUR), at(HOUR));
        stores.signingKeys().retire("later", at(HOUR), at(DAY).plusSeconds(1));

        assertThat(stores.signingKeys().purgeRemoved(at(DAY))).isEqualTo(2);

        assertThat(stores.signingKeys().all()).extracting(StoredSigningKey::kid).containsExactlyInAnyOrder("current", "later");
        assertThat(stores.signingKeys().purgeRemoved(at(DAY))).isZero();
    }
}
