package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.logout.BackchannelDelivery;
import dev.gatehouse.core.logout.BackchannelLogoutStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

class BackchannelLogoutStoreContract extends StoreContract {
    private static final URI URI_A = URI.create("https://a.example/backchannel");
    private static final Instant LEASE = T0.plus(Duration.ofMinutes(1));

    private BackchannelLogoutStore store() {
        return stores.backchannelLogouts();
    }

    private static BackchannelDelivery delivery(String id, Instant due) {
        return BackchannelDelivery.due(id, "app-a", "sid-1", "sub-1", URI_A, due);
    }

    @Test
    void aParticipantRecordedTwiceIsListedOnce() {
        store().recordParticipant("sid-1", "app-a");
        store().recordParticipant("sid-1", "app-a");
        store().recordParticipant("sid-1", "app-b");
        store().recordParticipant("sid-2", "app-c");

        assertThat(store().participants("sid-1")).containsExactlyInAnyOrder("app-a", "app-b");
        assertThat(store().participants("sid-3")).isEmpty();
    }

    @Test
    void recordingAKnownParticipantInsideATransactionLeavesTheTransactionUsable() {
        store().recordParticipant("sid-1", "app-a");

        stores.transactions().run(() -> {
            store().recordParticipant("sid-1", "app-a");
            store().enqueue(delivery("d-1", T0));
        });

        assertThat(store().find("d-1")).isNotNull();
    }

    @Test
    void aQueuedDeliveryIsClaimedOnceWithItsAttemptCounted() {
        store().enqueue(delivery("d-1", T0));

        List<BackchannelDelivery> claimed = store().claimDue(T0, LEASE, "claim-1", 10);

        assertThat(claimed).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("d-1");
            assertThat(d.clientId()).isEqualTo("app-a");
            assertThat(d.sessionId()).isEqualTo("sid-1");
            assertThat(d.subject()).isEqualTo("sub-1");
            assertThat(d.uri()).isEqualTo(URI_A);
            assertThat(d.attempts()).isOne();
            assertThat(d.claim()).isEqualTo("claim-1");
            assertThat(d.nextAttemptAt()).isEqualTo(LEASE);
        });
        assertThat(store().claimDue(T0.plusSeconds(59), LEASE.plusSeconds(59), "claim-2", 10)).isEmpty();
    }

    @Test
    void aDeliveryNotYetDueIsNotClaimed() {
        store().enqueue(delivery("d-1", T0.plusSeconds(30)));

        assertThat(store().claimDue(T0, LEASE, "claim-1", 10)).isEmpty();
        assertThat(store().claimDue(T0.plusSeconds(30), LEASE, "claim-1", 10)).hasSize(1);
    }

    @Test
    void aClaimWhoseLeaseRanOutIsClaimedAgainAndTheFirstClaimCanNoLongerFinishIt() {
        store().enqueue(delivery("d-1", T0));
        store().claimDue(T0, LEASE, "claim-1", 10);

        List<BackchannelDelivery> again = store().claimDue(LEASE, LEASE.plusSeconds(60), "claim-2", 10);

        assertThat(again).singleElement().satisfies(d -> assertThat(d.attempts()).isEqualTo(2));
        assertThat(store().delivered("d-1", "claim-1", LEASE)).isFalse();
        assertThat(store().delivered("d-1", "claim-2", LEASE)).isTrue();
        assertThat(store().find("d-1").state()).isEqualTo(BackchannelDelivery.State.DELIVERED);
    }

    @Test
    void aFailedAttemptIsDueAgainAtItsRetryTimeWithItsError() {
        store().enqueue(delivery("d-1", T0));
        store().claimDue(T0, LEASE, "claim-1", 10);

        assertThat(store().retryAt("d-1", "claim-1", T0.plusSeconds(30), "answered 500")).isTrue();

        BackchannelDelivery stored = store().find("d-1");
        assertThat(stored.state()).isEqualTo(BackchannelDelivery.State.PENDING);
        assertThat(stored.claim()).isNull();
        assertThat(stored.lastError()).isEqualTo("answered 500");
        assertThat(store().claimDue(T0.plusSeconds(29), LEASE, "claim-2", 10)).isEmpty();
        assertThat(store().claimDue(T0.plusSeconds(30), LEASE, "claim-2", 10)).hasSize(1);
    }

    @Test
    void aDeliveredOrGivenUpDeliveryIsNeverClaimedAgain() {
        store().enqueue(delivery("d-1", T0));
        store().enqueue(delivery("d-2", T0));
        store().claimDue(T0, LEASE, "claim-1", 10);

        assertThat(store().delivered("d-1", "claim-1", T0)).isTrue();
        assertThat(store().givenUp("d-2", "claim-1", T0, "timed out")).isTrue();

        assertThat(store().claimDue(T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2)), "claim-2", 10)).isEmpty();
        assertThat(store().find("d-2").state()).isEqualTo(BackchannelDelivery.State.GIVEN_UP);
        assertThat(store().find("d-2").lastError()).isEqualTo("timed out");
        assertThat(store().retryAt("d-1", "claim-1", T0, "late")).isFalse();
    }

    @Test
    void claimsAreLimitedToTheBatchSizeOldestFirst() {
        store().enqueue(delivery("d-late", T0.plusSeconds(2)));
        store().enqueue(delivery("d-early", T0));
        store().enqueue(delivery("d-mid", T0.plusSeconds(1)));

        assertThat(store().claimDue(T0.plusSeconds(5), LEASE, "claim-1", 2))
                .extracting(BackchannelDelivery::id).containsExactly("d-early", "d-mid");
    }

    @Test
    void nodesRacingForTheSameDeliveriesClaimEachOnce() throws Exception {
        for (int i = 0; i < 20; i++) {
            store().enqueue(delivery("d-" + i, T0));
        }
        Concurrently.warmUp(stores.transactions(), 4);

        List<List<BackchannelDelivery>> claims = Concurrently.run(4,
                i -> store().claimDue(T0, LEASE, "claim-" + i, 20));

        List<String> ids = claims.stream().flatMap(List::stream).map(BackchannelDelivery::id).toList();
        assertThat(ids).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void queuedDeliveriesSurviveARestart() {
        store().enqueue(delivery("d-1", T0));

        restart();

        assertThat(store().claimDue(T0, LEASE, "claim-1", 10)).extracting(BackchannelDelivery::id).containsExactly("d-1");
    }

    @Test
    void purgeForgetsFinishedDeliveriesOnlyAndParticipantsOfEndedSessions() {
        stores.sessions().create(Fixtures.session("sid-ended", "sub-1", "app-a", T0));
        stores.sessions().create(Fixtures.session("sid-live", "sub-1", "app-a", T0));
        stores.sessions().revoke("sid-ended", T0);
        store().recordParticipant("sid-ended", "app-a");
        store().recordParticipant("sid-live", "app-a");
        store().enqueue(delivery("d-done", T0));
        store().enqueue(delivery("d-pending", T0.plusSeconds(600)));
        store().claimDue(T0, LEASE, "claim-1", 10);
        store().delivered("d-done", "claim-1", T0);

        assertThat(store().purgeFinished(T0.plusSeconds(1))).isOne();

        assertThat(store().find("d-done")).isNull();
        assertThat(Objects.requireNonNull(store().find("d-pending")).state()).isEqualTo(BackchannelDelivery.State.PENDING);
        assertThat(store().participants("sid-ended")).isEmpty();
        assertThat(store().participants("sid-live")).containsExactly("app-a");
    }
}
