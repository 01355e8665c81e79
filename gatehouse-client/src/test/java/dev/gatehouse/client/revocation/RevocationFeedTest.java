package dev.gatehouse.client.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.client.LocalIssuer;
import dev.gatehouse.client.testing.MutableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RevocationFeedTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private final LocalIssuer issuer;
    private final MutableClock clock = new MutableClock(NOW);
    private final Denylist denylist = new Denylist();
    private RevocationFeed feed;

    RevocationFeedTest() throws IOException {
        issuer = new LocalIssuer();
    }

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.close();
        }
        issuer.close();
    }

    private RevocationFeedConfig config() {
        return RevocationFeedConfig.forIssuer(issuer.uri(), LocalIssuer.CLIENT_ID, LocalIssuer.CLIENT_SECRET).withClock(clock);
    }

    private static RevocationEvent jti(long sequence, String value) {
        return new RevocationEvent(sequence, RevocationKind.JTI, value, NOW, NOW.plusSeconds(900));
    }

    @Test
    void appliesRetainedAndLiveEventsInOrder() {
        issuer.append(jti(1, "a"));
        issuer.append(new RevocationEvent(2, RevocationKind.SUBJECT_NOT_BEFORE, "bob", NOW, NOW.plusSeconds(900)));
        feed = RevocationFeed.start(config(), denylist);

        await().atMost(WAIT).until(() -> denylist.lastSequence() == 2);
        assertThat(denylist.isRevoked("a", null, "alice", "shop", NOW)).isTrue();
        assertThat(denylist.isRevoked("x", null, "bob", "shop", NOW.minusSeconds(1))).isTrue();

        issuer.append(new RevocationEvent(3, RevocationKind.SESSION, "sid-9", NOW, NOW.plusSeconds(900)));

        await().atMost(WAIT).until(() -> denylist.lastSequence() == 3);
        assertThat(denylist.isRevoked("x", "sid-9", "carol", "shop", NOW)).isTrue();
        assertThat(feed.status().denylistSize()).isEqualTo(3);
        assertThat(feed.status().connected()).isTrue();
        assertThat(issuer.feedRequests()).containsExactly("after=0");
    }

    @Test
    void sendsTheClientCredentialsAsHttpBasic() {
        feed = RevocationFeed.start(config(), denylist);

        await().atMost(WAIT).until(() -> feed.status().lastContact() != null);
        assertThat(issuer.feedAuthorizations()).first().asString().startsWith("Basic ");
    }

    @Test
    void resumesAfterTheLastAppliedSequenceWhenTheIssuerDropsTheConnection() {
        issuer.append(jti(1, "a"));
        issuer.append(jti(2, "b"));
        feed = RevocationFeed.start(config(), denylist);
        await().atMost(WAIT).until(() -> denylist.lastSequence() == 2);

        issuer.dropConnections();
        issuer.append(jti(3, "c"));

        await().atMost(WAIT).until(() -> denylist.lastSequence() == 3);
        assertThat(issuer.feedRequests()).startsWith("after=0").contains("after=2");
        assertThat(denylist.isRevoked("c", null, "alice", "shop", NOW)).isTrue();
    }

    @Test
    void heartbeatsCountAsContact() {
        feed = RevocationFeed.start(config(), denylist);
        assertThat(feed.current(Duration.ofSeconds(30))).isFalse();
        await().atMost(WAIT).until(() -> feed.current(Duration.ofSeconds(30)));

        clock.advance(Duration.ofMinutes(1));
        assertThat(feed.current(Duration.ofSeconds(30))).isFalse();

        await().atMost(WAIT).until(() -> feed.current(Duration.ofSeconds(30)));
        assertThat(feed.status().lastContact()).isAfterOrEqualTo(NOW.plusSeconds(60));
        assertThat(feed.status().lastSequence()).isZero();
    }

    @Test
    void aRefusedConnectionIsReportedAndRetriedUntilTheIssuerAccepts() {
        issuer.feedStatus(401);
        feed = RevocationFeed.start(config(), denylist);

        await().atMost(WAIT).until(() -> issuer.feedRequests().size() >= 3);
        RevocationFeed.Status status = feed.status();
        assertThat(status.problem()).contains("401").contains("client id and secret");
        assertThat(status.connected()).isFalse();
        assertThat(status.lastContact()).isNull();
        assertThat(feed.current(Duration.ofDays(1))).isFalse();

        issuer.feedStatus(200);
        issuer.append(jti(1, "a"));

        await().atMost(WAIT).until(() -> denylist.lastSequence() == 1);
        assertThat(feed.status().problem()).isNull();
    }

    @Test
    void wrongCredentialsAreReportedWithoutTheSecret() {
        String wrongSecret = "wrong-secret-value";
        feed = RevocationFeed.start(RevocationFeedConfig.forIssuer(issuer.uri(), LocalIssuer.CLIENT_ID, wrongSecret), denylist);

        await().atMost(WAIT).until(() -> feed.status().problem() != null);
        assertThat(feed.status().problem()).contains("401").doesNotContain(wrongSecret);
        assertThat(feed.status().toString()).doesNotContain(wrongSecret);
        assertThat(config().toString()).doesNotContain(LocalIssuer.CLIENT_SECRET);
    }

    @Test
    void anUnreachableIssuerIsReportedAsAFailedConnection() {
        issuer.close();
        feed = RevocationFeed.start(config(), denylist);

        await().atMost(WAIT).until(() -> feed.status().problem() != null);
        assertThat(feed.status().problem()).startsWith("connection failed");
        assertThat(feed.status().connected()).isFalse();
    }

    @Test
    void unknownFieldsAndEventTypesAreSkippedAndLaterEventsStillApplied() {
        feed = RevocationFeed.start(config(), denylist);
        await().atMost(WAIT).until(() -> issuer.openStreams() == 1 && feed.status().lastContact() != null);

        issuer.sendRaw("garbage without a field\n\n");
        issuer.sendRaw("event: announcement\ndata: {\"for\":\"a newer follower\"}\n\n");
        issuer.append(jti(1, "a"));

        await().atMost(WAIT).until(() -> denylist.lastSequence() == 1);
        assertThat(denylist.size()).isEqualTo(1);
        assertThat(issuer.feedRequests()).hasSize(1);
    }

    @Test
    void anUnreadableEventIsNeverSkippedAndKeepsTheFollowerStale() {
        issuer.append(jti(1, "a"));
        issuer.appendRaw(2, "id: 2\nevent: revocation\ndata: {\"sequence\":2,\"kind\":\"a_future_kind\",\"value\":\"x\","
                + "\"issued_at\":\"2030-01-01T12:00:00Z\",\"expires_at\":\"2030-01-01T13:00:00Z\"}\n\n");
        issuer.append(jti(3, "c"));
        feed = RevocationFeed.start(config(), denylist);

        await().atMost(WAIT).until(() -> issuer.feedRequests().size() >= 3);
        assertThat(issuer.feedRequests()).startsWith("after=0", "after=1", "after=1");
        assertThat(denylist.lastSequence()).isEqualTo(1);
        assertThat(denylist.isRevoked("c", null, "alice", "shop", NOW)).isFalse();
        assertThat(feed.status().problem()).contains("after sequence 1 could not be read");
        assertThat(feed.current(Duration.ofDays(1))).isFalse();
    }

    @Test
    void eventsAreNotContactUntilAHeartbeatShowsTheFollowerCaughtUp() {
        issuer.withoutHeartbeats();
        issuer.append(jti(1, "a"));
        feed = RevocationFeed.start(config(), denylist);
        await().atMost(WAIT).until(() -> denylist.lastSequence() == 1);

        assertThat(feed.status().lastContact()).isNull();
        assertThat(feed.current(Duration.ofDays(1))).isFalse();

        issuer.sendRaw(LocalIssuer.heartbeatText(1));

        await().atMost(WAIT).until(() -> feed.current(Duration.ofSeconds(30)));
    }

    @Test
    void aHeartbeatAheadOfWhatWasAppliedEndsTheConnection() {
        feed = RevocationFeed.start(config(), denylist);
        await().atMost(WAIT).until(() -> issuer.openStreams() == 1 && feed.status().lastContact() != null);

        issuer.sendRaw(LocalIssuer.heartbeatText(7));

        await().atMost(WAIT).until(() -> issuer.feedRequests().size() >= 2);
        assertThat(issuer.feedRequests()).startsWith("after=0", "after=0");
    }

    @Test
    void aSilentConnectionIsGivenUpAndReconnected() {
        issuer.heartbeatEvery(60_000);
        feed = RevocationFeed.start(config().withSilenceLimit(Duration.ofMillis(300)), denylist);

        await().atMost(WAIT).until(() -> issuer.feedRequests().size() >= 2);
        await().atMost(WAIT).until(() -> feed.status().problem() != null || issuer.feedRequests().size() >= 3);
        assertThat(issuer.feedRequests()).startsWith("after=0", "after=0");
    }

    @Test
    void aFollowerAheadOfTheIssuersLogReadsItAgainFromTheStart() {
        denylist.advanceTo(50);
        issuer.append(jti(1, "a"));
        feed = RevocationFeed.start(config(), denylist);

        await().atMost(WAIT).until(() -> denylist.isRevoked("a", null, "alice", "shop", NOW));
        assertThat(issuer.feedRequests()).startsWith("after=50", "after=0");
        await().atMost(WAIT).until(() -> feed.current(Duration.ofSeconds(30)));
    }

    @Test
    void anEventAlreadyAppliedIsNotAppliedTwice() {
        issuer.append(jti(1, "a"));
        feed = RevocationFeed.start(config(), denylist);
        await().atMost(WAIT).until(() -> denylist.lastSequence() == 1);

        issuer.sendRaw(LocalIssuer.eventText(jti(1, "other")));
        issuer.append(jti(2, "b"));

        await().atMost(WAIT).until(() -> denylist.lastSequence() == 2);
        assertThat(denylist.isRevoked("other", null, "alice", "shop", NOW)).isFalse();
    }

    @Test
    void expiredEntriesArePurgedPeriodically() {
        issuer.append(new RevocationEvent(1, RevocationKind.JTI, "short", NOW, NOW.plusSeconds(60)));
        issuer.append(new RevocationEvent(2, RevocationKind.JTI, "long", NOW, NOW.plusSeconds(3600)));
        feed = RevocationFeed.start(config().withPurgeEvery(Duration.ofMillis(50)), denylist);
        await().atMost(WAIT).until(() -> denylist.lastSequence() == 2);

        // kept for the largest clock skew a verifier allows past the token's expiry
        clock.advance(Duration.ofMinutes(2));
        assertThat(denylist.purge(clock.instant())).isZero();
        clock.advance(Duration.ofMinutes(5));

        await().atMost(WAIT).until(() -> denylist.size() == 1);
        assertThat(denylist.isRevoked("long", null, "alice", "shop", NOW)).isTrue();
    }

    @Test
    void closeEndsTheConnection() {
        feed = RevocationFeed.start(config(), denylist);
        await().atMost(WAIT).until(() -> feed.status().connected());

        feed.close();

        await().atMost(WAIT).until(() -> !feed.status().connected());
        int requests = issuer.feedRequests().size();
        issuer.append(jti(1, "a"));
        assertThat(issuer.feedRequests()).hasSize(requests);
    }

    @Test
    void configNamesTheSettingThatIsMissing() {
        assertThatThrownBy(() -> RevocationFeedConfig.forIssuer(issuer.uri(), " ", "x"))
                .hasMessageContaining("feed client id");
        assertThatThrownBy(() -> RevocationFeedConfig.forIssuer(issuer.uri(), "id", ""))
                .hasMessageContaining("feed client secret");
        assertThatThrownBy(() -> config().withBackoff(Duration.ofSeconds(1), Duration.ofMillis(10)))
                .hasMessageContaining("max backoff");
    }
}
