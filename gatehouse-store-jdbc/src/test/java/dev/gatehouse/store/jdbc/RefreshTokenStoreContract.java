package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.DAY;
import static dev.gatehouse.store.jdbc.Fixtures.HOUR;
import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static dev.gatehouse.store.jdbc.Fixtures.AUDIENCE;
import static dev.gatehouse.store.jdbc.Fixtures.at;
import static dev.gatehouse.store.jdbc.Fixtures.next;
import static dev.gatehouse.store.jdbc.Fixtures.session;
import static dev.gatehouse.store.jdbc.Fixtures.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.refresh.RotationResult;
import dev.gatehouse.core.store.DuplicateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RefreshTokenStoreContract extends StoreContract {
    private static final Instant NOW = at(Duration.ofMinutes(10));
    private static final Duration GRACE = Duration.ofSeconds(5);

    @Test
    void savedTokenIsFoundWithEveryField() {
        RefreshToken t = token("h1", "fam-1");
        stores.refreshTokens().save(t);

        assertThat(stores.refreshTokens().find("h1")).contains(t);
        assertThat(stores.refreshTokens().findActive("h1", NOW)).contains(t);
    }

    @Test
    void aTokenWithoutAudienceIsFoundWithoutAudience() {
        RefreshToken t = new RefreshToken("h1", "fam-1", "sid-1", "app", "sub-1", "openid", null, T0, T0, at(HOUR), at(DAY));
        stores.refreshTokens().save(t);

        assertThat(stores.refreshTokens().find("h1")).contains(t);
        assertThat(stores.refreshTokens().find("h1").orElseThrow().audience()).isNull();
    }

    @Test
    void aRowStoredWithoutTheAudienceColumnIsReadWithoutAudience() throws Exception {
        try (Connection c = jdbc.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO refresh_tokens (token_hash, family_id, session_id, client_id, subject, scope, "
                    + "auth_time, issued_at, idle_expires_at, absolute_expires_at) VALUES ('old', 'fam-old', 'sid-1', "
                    + "'app', 'sub-1', 'openid', TIMESTAMP WITH TIME ZONE '2030-01-01 00:00:00+00', "
                    + "TIMESTAMP WITH TIME ZONE '2030-01-01 00:00:00+00', TIMESTAMP WITH TIME ZONE '2030-01-01 01:00:00+00', "
                    + "TIMESTAMP WITH TIME ZONE '2030-01-02 00:00:00+00')");
        }

        RefreshToken old = stores.refreshTokens().find("old").orElseThrow();

        assertThat(old.audience()).isNull();
        assertThat(old.scope()).isEqualTo("openid");
        assertThat(old.idleExpiresAt()).isEqualTo(at(HOUR));
    }

    @Test
    void findWhenAbsentThenEmpty() {
        assertThat(stores.refreshTokens().find("nope")).isEmpty();
        assertThat(stores.refreshTokens().findActive("nope", NOW)).isEmpty();
    }

    @Test
    void saveWhenHashTakenThenDuplicate() {
        stores.refreshTokens().save(token("h1", "fam-1"));

        assertThatThrownBy(() -> stores.refreshTokens().save(token("h1", "fam-2"))).isInstanceOf(DuplicateException.class);
    }

    @Test
    void findActiveWhenIdleOrAbsoluteExpiryReachedThenEmpty() {
        stores.refreshTokens().save(token("idle", "fam-1"));
        stores.refreshTokens().save(new RefreshToken("absolute", "fam-2", "sid-1", "app", "sub-1", "openid", AUDIENCE, T0, T0,
                at(DAY), at(HOUR)));

        assertThat(stores.refreshTokens().findActive("idle", at(HOUR).minusNanos(1000))).isPresent();
        assertThat(stores.refreshTokens().findActive("idle", at(HOUR))).isEmpty();
        assertThat(stores.refreshTokens().findActive("absolute", at(HOUR).minusNanos(1000))).isPresent();
        assertThat(stores.refreshTokens().findActive("absolute", at(HOUR))).isEmpty();
        assertThat(stores.refreshTokens().find("idle")).isPresent();
    }

    @Test
    void findActiveWhenRevokedOrRotatedThenEmptyButFindStillReturnsIt() {
        stores.refreshTokens().save(token("revoked", "fam-1"));
        stores.refreshTokens().save(token("rotated", "fam-2"));
        stores.refreshTokens().revokeFamily("fam-1", NOW);
        rotateStrictly("rotated", next(token("rotated", "fam-2"), "successor", NOW), NOW);

        assertThat(stores.refreshTokens().findActive("revoked", NOW)).isEmpty();
        assertThat(stores.refreshTokens().findActive("rotated", NOW)).isEmpty();
        assertThat(stores.refreshTokens().find("revoked")).isPresent();
        assertThat(stores.refreshTokens().find("rotated")).isPresent();
    }

    @Test
    void rotateLiveTokenStoresTheSuccessorAndReturnsThePresentedToken() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);
        RefreshToken second = next(first, "h2", NOW);

        RotationResult result = rotateStrictly("h1", second, NOW);

        assertThat(result).isEqualTo(new RotationResult.Rotated(first));
        assertThat(stores.refreshTokens().findActive("h1", NOW)).isEmpty();
        assertThat(stores.refreshTokens().findActive("h2", NOW)).contains(second);
    }

    @Test
    void rotateAlreadyRotatedTokenIsReuseAndStoresNothing() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);
        rotateStrictly("h1", next(first, "h2", NOW), NOW);

        RotationResult replay = rotateStrictly("h1", next(first, "h3", NOW), NOW);

        assertThat(replay).isEqualTo(new RotationResult.Reused(first));
        assertThat(stores.refreshTokens().find("h3")).isEmpty();
        assertThat(stores.refreshTokens().findActive("h2", NOW)).isPresent();
    }

    @Test
    void rotateRotatedTokenOfARevokedFamilyIsStillReuse() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);
        rotateStrictly("h1", next(first, "h2", NOW), NOW);
        stores.refreshTokens().revokeFamily("fam-1", NOW);

        assertThat(rotateStrictly("h1", next(first, "h3", NOW), NOW))
                .isEqualTo(new RotationResult.Reused(first));
    }

    @Test
    void rotateUnknownTokenIsRejected() {
        RotationResult result = rotateStrictly("nope", next(token("nope", "fam-1"), "h2", NOW), NOW);

        assertThat(result).isEqualTo(new RotationResult.Rejected("unknown refresh token"));
        assertThat(stores.refreshTokens().find("h2")).isEmpty();
    }

    @Test
    void rotateRevokedTokenIsRejected() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);
        stores.refreshTokens().revokeSession("sid-1", NOW);

        assertThat(rotateStrictly("h1", next(first, "h2", NOW), NOW))
                .isEqualTo(new RotationResult.Rejected("refresh token revoked"));
        assertThat(stores.refreshTokens().find("h2")).isEmpty();
    }

    @Test
    void rotateExpiredTokenIsRejected() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);

        assertThat(rotateStrictly("h1", next(first, "h2", at(HOUR)), at(HOUR)))
                .isEqualTo(new RotationResult.Rejected("refresh token expired"));
        assertThat(stores.refreshTokens().find("h2")).isEmpty();
    }

    @Test
    void rotateIntoAnotherFamilyIsRefusedAndLeavesThePresentedTokenLive() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);

        assertThatThrownBy(() -> rotateStrictly("h1", token("h2", "fam-other"), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(stores.refreshTokens().findActive("h1", NOW)).contains(first);
        assertThat(stores.refreshTokens().find("h2")).isEmpty();
    }

    @Test
    void twoConcurrentRotationsOfOneTokenGiveOneRotatedAndOneReused() throws Exception {
        assertOneWinner(2, false);
    }

    @Test
    void eightConcurrentRotationsInsideTransactionsGiveOneRotatedAndSevenReused() throws Exception {
        assertOneWinner(8, true);
    }

    private void assertOneWinner(int threads, boolean inTransaction) throws Exception {
        RefreshToken first = token("h0", "fam-1");
        stores.sessions().create(session("sid-1", "sub-1", "app", T0));
        stores.refreshTokens().save(first);

        Concurrently.warmUp(stores.transactions(), threads);
        List<RotationResult> results = Concurrently.run(threads, i -> {
            RefreshToken successor = next(first, "next-" + i, NOW);
            if (!inTransaction) {
                return rotateStrictly("h0", successor, NOW);
            }
            return stores.transactions().inTransaction(() -> {
                RotationResult r = rotateStrictly("h0", successor, NOW);
                if (r instanceof RotationResult.Rotated) {
                    stores.sessions().touch("sid-1", NOW);
                }
                return r;
            });
        });

        assertThat(results).filteredOn(r -> r instanceof RotationResult.Rotated).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof RotationResult.Reused).hasSize(threads - 1)
                .allSatisfy(r -> assertThat(((RotationResult.Reused) r).previous()).isEqualTo(first));
        int winner = results.indexOf(results.stream().filter(r -> r instanceof RotationResult.Rotated).findFirst().orElseThrow());
        List<String> stored = IntStream.range(0, threads).mapToObj(i -> "next-" + i)
                .filter(h -> stores.refreshTokens().find(h).isPresent()).toList();
        assertThat(stored).containsExactly("next-" + winner);
    }

    @Test
    void rotateAgainWithinTheGracePeriodGivesTheSameSuccessorAndChangesNothing() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);
        RefreshToken second = next(first, "h2", NOW);
        rotateWithGrace("h1", second, NOW);

        RotationResult retry = rotateWithGrace("h1", next(first, "h3", NOW), NOW.plus(GRACE).minusNanos(1000));

        assertThat(retry).isEqualTo(new RotationResult.Retried(first, second, "sealed:h2"));
        assertThat(stores.refreshTokens().find("h3")).isEmpty();
        assertThat(stores.refreshTokens().findActive("h2", NOW)).contains(second);
        assertThat(stores.refreshTokens().findActive("h1", NOW)).isEmpty();
    }

    @Test
    void rotateAgainOnceTheGracePeriodHasPassedIsReuse() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);
        rotateWithGrace("h1", next(first, "h2", NOW), NOW);

        assertThat(rotateWithGrace("h1", next(first, "h3", NOW), NOW.plus(GRACE)))
                .isEqualTo(new RotationResult.Reused(first));
        assertThat(stores.refreshTokens().find("h3")).isEmpty();
    }

    @Test
    void rotateAgainWithAZeroGracePeriodIsReuseEvenWhenASuccessorWasSealed() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);
        rotateWithGrace("h1", next(first, "h2", NOW), NOW);

        assertThat(rotateStrictly("h1", next(first, "h3", NOW), NOW)).isEqualTo(new RotationResult.Reused(first));
    }

    @Test
    void rotateAgainWithinTheGracePeriodOfARotationThatSealedNothingIsReuse() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);
        rotateStrictly("h1", next(first, "h2", NOW), NOW);

        assertThat(rotateWithGrace("h1", next(first, "h3", NOW), NOW)).isEqualTo(new RotationResult.Reused(first));
    }

    @Test
    void rotateAgainOnceTheSuccessorWasRotatedIsReuse() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);
        RefreshToken second = next(first, "h2", NOW);
        rotateWithGrace("h1", second, NOW);
        rotateWithGrace("h2", next(second, "h3", NOW), NOW);

        assertThat(rotateWithGrace("h1", next(first, "h4", NOW), NOW.plusSeconds(1)))
                .isEqualTo(new RotationResult.Reused(first));
        assertThat(stores.refreshTokens().find("h4")).isEmpty();
    }

    @Test
    void rotateAgainOnceTheFamilyWasRevokedIsReuse() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);
        rotateWithGrace("h1", next(first, "h2", NOW), NOW);
        stores.refreshTokens().revokeFamily("fam-1", NOW);

        assertThat(rotateWithGrace("h1", next(first, "h3", NOW), NOW)).isEqualTo(new RotationResult.Reused(first));
    }

    @Test
    void twentyFourConcurrentRotationsWithinTheGracePeriodGiveOneRotatedAndItsSuccessorToEveryOther() throws Exception {
        int callers = 24;
        RefreshToken first = token("h0", "fam-1");
        stores.sessions().create(session("sid-1", "sub-1", "app", T0));
        stores.refreshTokens().save(first);

        Concurrently.warmUp(stores.transactions(), 10);
        List<RotationResult> results = Concurrently.run(callers, i -> stores.transactions().inTransaction(() -> {
            RotationResult r = rotateWithGrace("h0", next(first, "next-" + i, NOW), NOW);
            if (r instanceof RotationResult.Rotated) {
                stores.sessions().touch("sid-1", NOW);
            }
            return r;
        }));

        assertThat(results).filteredOn(r -> r instanceof RotationResult.Rotated).hasSize(1);
        int winner = results.indexOf(results.stream().filter(r -> r instanceof RotationResult.Rotated).findFirst().orElseThrow());
        RefreshToken successor = next(first, "next-" + winner, NOW);
        assertThat(results).filteredOn(r -> !(r instanceof RotationResult.Rotated)).hasSize(callers - 1)
                .allSatisfy(r -> assertThat(r).isEqualTo(new RotationResult.Retried(first, successor, "sealed:next-" + winner)));
        List<String> stored = IntStream.range(0, callers).mapToObj(i -> "next-" + i)
                .filter(h -> stores.refreshTokens().find(h).isPresent()).toList();
        assertThat(stored).containsExactly("next-" + winner);
        assertThat(stores.refreshTokens().findActive("next-" + winner, NOW)).contains(successor);
    }

    @Test
    void purgeForgetsTheSealedSuccessorsOfTokensRotatedBeforeTheCutoff() throws Exception {
        RefreshToken early = token("early", "fam-1");
        RefreshToken late = token("late", "fam-2");
        stores.refreshTokens().save(early);
        stores.refreshTokens().save(late);
        rotateWithGrace("early", next(early, "early-next", NOW), NOW);
        rotateWithGrace("late", next(late, "late-next", NOW.plusSeconds(2)), NOW.plusSeconds(2));

        stores.refreshTokens().purgeExpired(NOW.plusSeconds(1));

        assertThat(sealedSuccessor("early")).isNull();
        assertThat(sealedSuccessor("late")).isEqualTo("sealed:late-next");
        assertThat(rotateWithGrace("early", next(early, "again", NOW), NOW.plusSeconds(2)))
                .isEqualTo(new RotationResult.Reused(early));
        assertThat(rotateWithGrace("late", next(late, "again", NOW), NOW.plusSeconds(2)))
                .isInstanceOf(RotationResult.Retried.class);
    }

    @Test
    void revokeFamilyCountsAndRevokesOnlyLiveMembers() {
        RefreshToken first = token("h1", "fam-1");
        stores.refreshTokens().save(first);
        rotateStrictly("h1", next(first, "h2", NOW), NOW);
        stores.refreshTokens().save(new RefreshToken("expired", "fam-1", "sid-1", "app", "sub-1", "openid", AUDIENCE, T0, T0,
                at(Duration.ofMinutes(5)), at(DAY)));
        stores.refreshTokens().save(token("other", "fam-2"));

        assertThat(stores.refreshTokens().revokeFamily("fam-1", NOW)).isEqualTo(1);

        assertThat(stores.refreshTokens().findActive("h2", NOW)).isEmpty();
        assertThat(stores.refreshTokens().findActive("other", NOW)).isPresent();
        assertThat(stores.refreshTokens().revokeFamily("fam-1", NOW)).isZero();
    }

    @Test
    void revokeSessionCountsLiveTokensOfTheSession() {
        stores.refreshTokens().save(token("a", "fam-1", "sid-1", "app", "sub-1"));
        stores.refreshTokens().save(token("b", "fam-2", "sid-1", "app", "sub-1"));
        stores.refreshTokens().save(token("c", "fam-3", "sid-2", "app", "sub-1"));

        assertThat(stores.refreshTokens().revokeSession("sid-1", NOW)).isEqualTo(2);
        assertThat(stores.refreshTokens().revokeSession("sid-1", NOW)).isZero();
        assertThat(stores.refreshTokens().findActive("c", NOW)).isPresent();
    }

    @Test
    void revokeSubjectCountsLiveTokensOfTheSubject() {
        stores.refreshTokens().save(token("a", "fam-1", "sid-1", "app", "sub-1"));
        stores.refreshTokens().save(token("b", "fam-2", "sid-2", "other-app", "sub-1"));
        stores.refreshTokens().save(token("c", "fam-3", "sid-3", "app", "sub-2"));

        assertThat(stores.refreshTokens().revokeSubject("sub-1", NOW)).isEqualTo(2);
        assertThat(stores.refreshTokens().revokeSubject("sub-1", NOW)).isZero();
        assertThat(stores.refreshTokens().findActive("c", NOW)).isPresent();
    }

    @Test
    void revokeClientCountsLiveTokensOfTheClient() {
        stores.refreshTokens().save(token("a", "fam-1", "sid-1", "app", "sub-1"));
        stores.refreshTokens().save(token("b", "fam-2", "sid-2", "app", "sub-2"));
        stores.refreshTokens().save(token("c", "fam-3", "sid-3", "other-app", "sub-1"));

        assertThat(stores.refreshTokens().revokeClient("app", NOW)).isEqualTo(2);
        assertThat(stores.refreshTokens().revokeClient("app", NOW)).isZero();
        assertThat(stores.refreshTokens().findActive("c", NOW)).isPresent();
        assertThat(stores.refreshTokens().revokeClient("nobody", NOW)).isZero();
    }

    @Test
    void revokeSubjectAtClientCountsLiveTokensOfThatSubjectAtThatClientOnly() {
        stores.refreshTokens().save(token("a", "fam-1", "sid-1", "app", "sub-1"));
        stores.refreshTokens().save(token("b", "fam-2", "sid-1", "other-app", "sub-1"));
        stores.refreshTokens().save(token("c", "fam-3", "sid-3", "app", "sub-2"));

        assertThat(stores.refreshTokens().revokeSubjectAtClient("sub-1", "app", NOW)).isEqualTo(1);
        assertThat(stores.refreshTokens().revokeSubjectAtClient("sub-1", "app", NOW)).isZero();
        assertThat(stores.refreshTokens().findActive("a", NOW)).isEmpty();
        assertThat(stores.refreshTokens().findActive("b", NOW)).isPresent();
        assertThat(stores.refreshTokens().findActive("c", NOW)).isPresent();
    }

    @Test
    void purgeExpiredDeletesTokensWhoseIdleOrAbsoluteExpiryIsBeforeAndKeepsRotatedOnesUntilThen() {
        stores.refreshTokens().save(new RefreshToken("idle-gone", "f1", "s", "app", "sub", "openid", AUDIENCE, T0, T0,
                at(HOUR), at(DAY)));
        stores.refreshTokens().save(new RefreshToken("absolute-gone", "f2", "s", "app", "sub", "openid", AUDIENCE, T0, T0,
                at(DAY), at(HOUR)));
        stores.refreshTokens().save(new RefreshToken("at-boundary", "f3", "s", "app", "sub", "openid", AUDIENCE, T0, T0,
                at(HOUR.multipliedBy(2)), at(DAY)));
        RefreshToken rotated = new RefreshToken("rotated", "f4", "s", "app", "sub", "openid", AUDIENCE, T0, T0,
                at(HOUR.multipliedBy(3)), at(DAY));
        stores.refreshTokens().save(rotated);
        rotateStrictly("rotated", new RefreshToken("rotated-next", "f4", "s", "app", "sub", "openid",
                AUDIENCE, T0, NOW, at(HOUR.multipliedBy(3)), at(DAY)), NOW);

        int purged = stores.refreshTokens().purgeExpired(at(HOUR.multipliedBy(2)));

        assertThat(purged).isEqualTo(2);
        assertThat(stores.refreshTokens().find("idle-gone")).isEmpty();
        assertThat(stores.refreshTokens().find("absolute-gone")).isEmpty();
        assertThat(stores.refreshTokens().find("at-boundary")).isPresent();
        assertThat(rotateStrictly("rotated", next(rotated, "again", NOW), NOW))
                .isInstanceOf(RotationResult.Reused.class);
        assertThat(stores.refreshTokens().purgeExpired(at(HOUR.multipliedBy(2)))).isZero();
    }

    private RotationResult rotateStrictly(String presentedHash, RefreshToken next, Instant now) {
        return stores.refreshTokens().rotate(presentedHash, next, null, Duration.ZERO, now);
    }

    /** Rotates with the grace period, sealing the successor as "sealed:" and its hash. */
    private RotationResult rotateWithGrace(String presentedHash, RefreshToken next, Instant now) {
        return stores.refreshTokens().rotate(presentedHash, next, "sealed:" + next.tokenHash(), GRACE, now);
    }

    private String sealedSuccessor(String tokenHash) throws Exception {
        try (Connection c = jdbc.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT sealed_successor FROM refresh_tokens WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }
}
