package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.DAY;
import static dev.gatehouse.store.jdbc.Fixtures.HOUR;
import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static dev.gatehouse.store.jdbc.Fixtures.at;
import static dev.gatehouse.store.jdbc.Fixtures.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.store.DuplicateException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionStoreContract extends StoreContract {

    @Test
    void createdSessionIsFoundWithEveryField() {
        Session s = new Session("s-1", "sub-1", "app", T0, at(HOUR), at(HOUR.multipliedBy(2)), at(DAY), "2001:db8::1",
                "Mozilla/5.0", null);
        stores.sessions().create(s);

        assertThat(stores.sessions().find("s-1")).contains(s);
    }

    @Test
    void instantsKeepMicrosecondPrecision() {
        Instant precise = Instant.parse("2030-01-01T00:00:00.123456Z");
        Session s = new Session("s-1", "sub-1", "app", precise, precise, precise, precise.plus(DAY), null, null, null);
        stores.sessions().create(s);

        assertThat(stores.sessions().find("s-1")).contains(s);
    }

    @Test
    void createWhenIdTakenThenDuplicate() {
        stores.sessions().create(session("s-1", "sub-1", "app", T0));

        assertThatThrownBy(() -> stores.sessions().create(session("s-1", "sub-2", "app", T0)))
                .isInstanceOf(DuplicateException.class);
    }

    @Test
    void findWhenAbsentThenEmpty() {
        assertThat(stores.sessions().find("nope")).isEmpty();
    }

    @Test
    void listActiveReturnsLiveSessionsOfTheSubjectNewestFirst() {
        stores.sessions().create(session("old", "sub-1", "app", T0));
        stores.sessions().create(session("new", "sub-1", "other-app", at(HOUR)));
        stores.sessions().create(session("revoked", "sub-1", "app", at(HOUR)));
        stores.sessions().revoke("revoked", at(HOUR));
        stores.sessions().create(session("expired", "sub-1", "app", T0.minus(DAY)));
        stores.sessions().create(session("someone-else", "sub-2", "app", T0));

        assertThat(stores.sessions().listActive("sub-1", at(HOUR)))
                .extracting(Session::id).containsExactly("new", "old");
    }

    @Test
    void listActiveExcludesASessionAtItsExactExpiry() {
        stores.sessions().create(session("s-1", "sub-1", "app", T0));

        assertThat(stores.sessions().listActive("sub-1", at(DAY).minusNanos(1000))).hasSize(1);
        assertThat(stores.sessions().listActive("sub-1", at(DAY))).isEmpty();
    }

    @Test
    void touchMovesLastUsedOnly() {
        Session s = session("s-1", "sub-1", "app", T0);
        stores.sessions().create(s);

        stores.sessions().touch("s-1", at(HOUR));

        assertThat(stores.sessions().find("s-1")).contains(new Session("s-1", "sub-1", "app", T0, T0, at(HOUR),
                s.expiresAt(), s.ipAddress(), s.userAgent(), null));
    }

    @Test
    void touchWhenAbsentChangesNothing() {
        stores.sessions().touch("nope", at(HOUR));

        assertThat(stores.sessions().find("nope")).isEmpty();
    }

    @Test
    void revokeMarksTheSessionOnce() {
        stores.sessions().create(session("s-1", "sub-1", "app", T0));

        assertThat(stores.sessions().revoke("s-1", at(HOUR))).isTrue();
        assertThat(stores.sessions().revoke("s-1", at(HOUR.multipliedBy(2)))).isFalse();

        Session revoked = stores.sessions().find("s-1").orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(at(HOUR));
        assertThat(revoked.isActive(at(HOUR))).isFalse();
    }

    @Test
    void revokeWhenAbsentThenFalse() {
        assertThat(stores.sessions().revoke("nope", T0)).isFalse();
    }

    @Test
    void revokeAllReturnsTheIdsOfLiveSessionsOfTheSubjectOnly() {
        stores.sessions().create(session("a", "sub-1", "app", T0));
        stores.sessions().create(session("b", "sub-1", "other-app", T0));
        stores.sessions().create(session("already", "sub-1", "app", T0));
        stores.sessions().revoke("already", T0);
        stores.sessions().create(session("expired", "sub-1", "app", T0.minus(Duration.ofDays(2))));
        stores.sessions().create(session("other", "sub-2", "app", T0));

        assertThat(stores.sessions().revokeAll("sub-1", at(HOUR))).containsExactlyInAnyOrder("a", "b");

        assertThat(stores.sessions().find("a").orElseThrow().revokedAt()).isEqualTo(at(HOUR));
        assertThat(stores.sessions().find("already").orElseThrow().revokedAt()).isEqualTo(T0);
        assertThat(stores.sessions().find("expired").orElseThrow().revokedAt()).isNull();
        assertThat(stores.sessions().find("other").orElseThrow().revokedAt()).isNull();
        assertThat(stores.sessions().revokeAll("sub-1", at(HOUR))).isEmpty();
    }

    @Test
    void revokeAllOfClientReturnsTheIdsOfLiveSessionsAtTheClientOnly() {
        stores.sessions().create(session("a", "sub-1", "app", T0));
        stores.sessions().create(session("b", "sub-2", "app", T0));
        stores.sessions().create(session("already", "sub-3", "app", T0));
        stores.sessions().revoke("already", T0);
        stores.sessions().create(session("expired", "sub-1", "app", T0.minus(Duration.ofDays(2))));
        stores.sessions().create(session("elsewhere", "sub-1", "other-app", T0));

        assertThat(stores.sessions().revokeAllOfClient("app", at(HOUR))).containsExactlyInAnyOrder("a", "b");

        assertThat(stores.sessions().find("b").orElseThrow().revokedAt()).isEqualTo(at(HOUR));
        assertThat(stores.sessions().find("elsewhere").orElseThrow().revokedAt()).isNull();
        assertThat(stores.sessions().revokeAllOfClient("app", at(HOUR))).isEmpty();
    }

    @Test
    void revokeAllWhenNoSessionsThenEmpty() {
        assertThat(stores.sessions().revokeAll("nobody", T0)).isEmpty();
        assertThat(stores.sessions().revokeAllOfClient("nothing", T0)).isEmpty();
    }
}
