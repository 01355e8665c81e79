package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.DAY;
import static dev.gatehouse.store.jdbc.Fixtures.HOUR;
import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static dev.gatehouse.store.jdbc.Fixtures.at;
import static dev.gatehouse.store.jdbc.Fixtures.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.client.revocation.RevocationEvent;
import dev.gatehouse.client.revocation.RevocationKind;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RevocationLogContract extends StoreContract {

    @Test
    void emptyLogHasNoSequencesAndNoEvents() {
        assertThat(stores.revocationLog().lastSequence()).isZero();
        assertThat(stores.revocationLog().firstSequence()).isZero();
        assertThat(stores.revocationLog().after(0, 10)).isEmpty();
    }

    @Test
    void appendNumbersEventsFromOneAndReadsThemBackAscending() {
        RevocationEvent jti = stores.revocationLog().append(RevocationKind.JTI, "jti-1", T0, at(HOUR));
        RevocationEvent sid = stores.revocationLog().append(RevocationKind.SESSION, "sid-1", T0, at(HOUR));
        RevocationEvent sub = stores.revocationLog().append(RevocationKind.SUBJECT_NOT_BEFORE, "sub-1", T0, at(HOUR));
        RevocationEvent client = stores.revocationLog().append(RevocationKind.CLIENT, "app", T0, at(DAY));

        assertThat(jti).isEqualTo(new RevocationEvent(1, RevocationKind.JTI, "jti-1", T0, at(HOUR)));
        assertThat(stores.revocationLog().after(0, 10)).containsExactly(jti, sid, sub, client);
        assertThat(stores.revocationLog().firstSequence()).isEqualTo(1);
        assertThat(stores.revocationLog().lastSequence()).isEqualTo(4);
    }

    @Test
    void appendReturnsTheEventAsStored() {
        Instant precise = Instant.parse("2030-01-01T00:00:00.123456789Z");

        RevocationEvent appended = stores.revocationLog().append(RevocationKind.JTI, "jti-1", precise, precise.plus(HOUR));

        assertThat(stores.revocationLog().after(0, 1)).containsExactly(appended);
        assertThat(appended.issuedAt()).isEqualTo(Instant.parse("2030-01-01T00:00:00.123456Z"));
    }

    @Test
    void afterStartsPastTheGivenSequenceAndHonoursTheLimit() {
        for (int i = 1; i <= 5; i++) {
            stores.revocationLog().append(RevocationKind.JTI, "jti-" + i, T0, at(HOUR));
        }

        assertThat(stores.revocationLog().after(2, 2)).extracting(RevocationEvent::sequence).containsExactly(3L, 4L);
        assertThat(stores.revocationLog().after(4, 10)).extracting(RevocationEvent::value).containsExactly("jti-5");
        assertThat(stores.revocationLog().after(5, 10)).isEmpty();
        assertThatThrownBy(() -> stores.revocationLog().after(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentAppendsGetEverySequenceExactlyOnce() throws Exception {
        int threads = 8;
        int perThread = 25;

        Concurrently.warmUp(stores.transactions(), threads);
        Concurrently.run(threads, t -> {
            for (int i = 0; i < perThread; i++) {
                String value = t + "-" + i;
                if (i % 2 == 0) {
                    stores.revocationLog().append(RevocationKind.JTI, value, T0, at(HOUR));
                } else {
                    stores.transactions().run(() -> {
                        stores.revocationLog().append(RevocationKind.SESSION, value, T0, at(HOUR));
                        stores.sessions().touch("none", T0);
                    });
                }
            }
            return null;
        });

        List<RevocationEvent> events = stores.revocationLog().after(0, 1000);
        assertThat(events).extracting(RevocationEvent::sequence)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, threads * perThread).boxed().toList());
        assertThat(events).extracting(RevocationEvent::value).doesNotHaveDuplicates();
        assertThat(stores.revocationLog().lastSequence()).isEqualTo(threads * perThread);
    }

    @Test
    void appendInsideATransactionThatRollsBackLeavesNoGap() {
        stores.revocationLog().append(RevocationKind.JTI, "kept-1", T0, at(HOUR));

        assertThatThrownBy(() -> stores.transactions().run(() -> {
            stores.revocationLog().append(RevocationKind.JTI, "lost", T0, at(HOUR));
            stores.users().create(user("u-1", "alice"));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        RevocationEvent next = stores.revocationLog().append(RevocationKind.JTI, "kept-2", T0, at(HOUR));
        assertThat(next.sequence()).isEqualTo(2);
        assertThat(stores.revocationLog().after(0, 10)).extracting(RevocationEvent::value).containsExactly("kept-1", "kept-2");
        assertThat(stores.users().findById("u-1")).isEmpty();
    }

    @Test
    void purgeExpiredDropsOldEventsAndKeepsTheLastSequence() {
        stores.revocationLog().append(RevocationKind.JTI, "early", T0, at(HOUR));
        stores.revocationLog().append(RevocationKind.JTI, "boundary", T0, at(HOUR.multipliedBy(2)));
        stores.revocationLog().append(RevocationKind.JTI, "late", T0, at(DAY));

        assertThat(stores.revocationLog().purgeExpired(at(HOUR.multipliedBy(2)))).isEqualTo(1);

        assertThat(stores.revocationLog().firstSequence()).isEqualTo(2);
        assertThat(stores.revocationLog().lastSequence()).isEqualTo(3);
        assertThat(stores.revocationLog().after(0, 10)).extracting(RevocationEvent::value).containsExactly("boundary", "late");
    }

    @Test
    void purgingEverythingStillContinuesTheSequence() {
        stores.revocationLog().append(RevocationKind.JTI, "a", T0, at(HOUR));
        stores.revocationLog().append(RevocationKind.JTI, "b", T0, at(HOUR));

        assertThat(stores.revocationLog().purgeExpired(at(DAY))).isEqualTo(2);

        assertThat(stores.revocationLog().firstSequence()).isZero();
        assertThat(stores.revocationLog().lastSequence()).isEqualTo(2);
        assertThat(stores.revocationLog().append(RevocationKind.JTI, "c", T0, at(DAY)).sequence()).isEqualTo(3);
    }
}
