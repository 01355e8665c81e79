package dev.gatehouse.client.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.client.JwtTokenVerifier;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DenylistTest {
    private static final Duration SKEW = JwtTokenVerifier.MAX_CLOCK_SKEW;
    private static final Instant CUT_OFF = Instant.parse("2030-01-01T12:00:00Z");
    private static final Instant EXPIRES = CUT_OFF.plusSeconds(3600);

    private final Denylist denylist = new Denylist();

    @Test
    void emptyDenylistRevokesNothing() {
        assertThat(denylist.isRevoked("jti-1", "sid-1", "alice", "app", CUT_OFF)).isFalse();
        assertThat(denylist.size()).isZero();
    }

    @Test
    void jtiEventRevokesThatTokenOnly() {
        denylist.apply(event(1, RevocationKind.JTI, "jti-1"));

        assertThat(denylist.isRevoked("jti-1", null, "alice", "app", CUT_OFF.plusSeconds(60))).isTrue();
        assertThat(denylist.isRevoked("jti-2", null, "alice", "app", CUT_OFF.minusSeconds(60))).isFalse();
        assertThat(denylist.isRevoked(null, null, "alice", "app", CUT_OFF)).isFalse();
    }

    @Test
    void sessionEventRevokesEveryTokenOfTheSessionWheneverIssued() {
        denylist.apply(event(1, RevocationKind.SESSION, "sid-1"));

        assertThat(denylist.isRevoked("jti-1", "sid-1", "alice", "app", CUT_OFF.plusSeconds(60))).isTrue();
        assertThat(denylist.isRevoked("jti-1", "sid-2", "alice", "app", CUT_OFF)).isFalse();
        assertThat(denylist.isRevoked("jti-1", null, "alice", "app", CUT_OFF)).isFalse();
    }

    @Test
    void subjectNotBeforeRevokesTokensIssuedUpToTheCutOffSecond() {
        denylist.apply(event(1, RevocationKind.SUBJECT_NOT_BEFORE, "alice"));

        assertThat(denylist.isRevoked("j", null, "alice", "app", CUT_OFF.minusSeconds(1))).isTrue();
        assertThat(denylist.isRevoked("j", null, "alice", "app", CUT_OFF)).isTrue();
        assertThat(denylist.isRevoked("j", null, "alice", "app", CUT_OFF.plusSeconds(1))).isFalse();
        assertThat(denylist.isRevoked("j", null, "bob", "app", CUT_OFF)).isFalse();
    }

    @Test
    void clientEventRevokesTokensIssuedUpToTheCutOffSecond() {
        denylist.apply(event(1, RevocationKind.CLIENT, "app"));

        assertThat(denylist.isRevoked("j", null, "alice", "app", CUT_OFF)).isTrue();
        assertThat(denylist.isRevoked("j", null, "service-account", "app", CUT_OFF.minusSeconds(30))).isTrue();
        assertThat(denylist.isRevoked("j", null, "alice", "app", CUT_OFF.plusSeconds(1))).isFalse();
        assertThat(denylist.isRevoked("j", null, "alice", "other-app", CUT_OFF)).isFalse();
    }

    @Test
    void cutOffMatchesTokensWithoutIssuedAt() {
        denylist.apply(event(1, RevocationKind.SUBJECT_NOT_BEFORE, "alice"));

        assertThat(denylist.isRevoked("j", null, "alice", "app", null)).isTrue();
    }

    @Test
    void laterCutOffWinsWhateverTheOrderOfArrival() {
        denylist.apply(new RevocationEvent(2, RevocationKind.SUBJECT_NOT_BEFORE, "alice", CUT_OFF.plusSeconds(60), EXPIRES));
        denylist.apply(new RevocationEvent(1, RevocationKind.SUBJECT_NOT_BEFORE, "alice", CUT_OFF, EXPIRES.minusSeconds(60)));

        assertThat(denylist.isRevoked("j", null, "alice", "app", CUT_OFF.plusSeconds(30))).isTrue();
        assertThat(denylist.size()).isOne();
    }

    @Test
    void mergedEntryIsKeptUntilTheLatestExpiry() {
        denylist.apply(new RevocationEvent(1, RevocationKind.SUBJECT_NOT_BEFORE, "alice", CUT_OFF, EXPIRES.plusSeconds(600)));
        denylist.apply(new RevocationEvent(2, RevocationKind.SUBJECT_NOT_BEFORE, "alice", CUT_OFF.plusSeconds(60), EXPIRES));

        assertThat(denylist.purge(EXPIRES.plus(SKEW).plusSeconds(1))).isZero();
        assertThat(denylist.isRevoked("j", null, "alice", "app", CUT_OFF.plusSeconds(60))).isTrue();
    }

    @Test
    void purgeForgetsEntriesWhoseTokensHaveAllExpired() {
        denylist.apply(event(1, RevocationKind.JTI, "jti-1"));
        denylist.apply(event(2, RevocationKind.SESSION, "sid-1"));
        denylist.apply(event(3, RevocationKind.SUBJECT_NOT_BEFORE, "alice"));
        denylist.apply(event(4, RevocationKind.CLIENT, "app"));
        denylist.apply(new RevocationEvent(5, RevocationKind.JTI, "jti-late", CUT_OFF, EXPIRES.plusSeconds(600)));

        assertThat(denylist.purge(EXPIRES.plus(SKEW).plusSeconds(1))).isEqualTo(4);

        assertThat(denylist.size()).isOne();
        assertThat(denylist.isRevoked("jti-1", "sid-1", "alice", "app", CUT_OFF)).isFalse();
        assertThat(denylist.isRevoked("jti-late", null, "bob", "other", CUT_OFF)).isTrue();
    }

    @Test
    void purgeKeepsEntriesWhileAVerifierWithTheLargestSkewStillTakesTheirTokens() {
        denylist.apply(event(1, RevocationKind.JTI, "jti-1"));

        assertThat(denylist.purge(EXPIRES.plus(SKEW))).isZero();
        assertThat(denylist.isRevoked("jti-1", null, "alice", "app", CUT_OFF)).isTrue();
    }

    @Test
    void sequenceStartsAtZeroAndApplyingEventsDoesNotMoveIt() {
        denylist.apply(event(7, RevocationKind.JTI, "jti-1"));

        assertThat(denylist.lastSequence()).isZero();
    }

    @Test
    void advanceToOnlyMovesForward() {
        denylist.advanceTo(5);
        assertThat(denylist.lastSequence()).isEqualTo(5);

        denylist.advanceTo(3);
        assertThat(denylist.lastSequence()).isEqualTo(5);

        denylist.advanceTo(8);
        assertThat(denylist.lastSequence()).isEqualTo(8);
    }

    private static RevocationEvent event(long sequence, RevocationKind kind, String value) {
        return new RevocationEvent(sequence, kind, value, CUT_OFF, EXPIRES);
    }
}
