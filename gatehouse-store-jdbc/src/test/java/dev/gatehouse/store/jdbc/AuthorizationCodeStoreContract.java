package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.authorize.AuthorizationCode;
import dev.gatehouse.core.authorize.AuthorizationCodeStore;
import dev.gatehouse.core.authorize.IssuedTokens;
import dev.gatehouse.core.authorize.Redemption;
import dev.gatehouse.core.store.DuplicateException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationCodeStoreContract extends StoreContract {
    private static final Instant EXP = T0.plus(Duration.ofSeconds(60));
    private static final Instant NOW = T0.plusSeconds(5);
    private static final IssuedTokens ISSUED = new IssuedTokens("fam-1", "jti-1", T0.plus(Duration.ofMinutes(15)));

    private AuthorizationCodeStore codes() {
        return stores.authorizationCodes();
    }

    private static AuthorizationCode code(String hash) {
        return new AuthorizationCode(hash, "app", URI.create("https://app.example/cb?x=1&y=%C3%A9"), "sub-1", "sid-1",
                Set.of("openid", "orders:read"), Set.of("https://api.test"), "n-0S6_WzA2Mj \u00e9\"<>", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                T0.minusSeconds(30), T0, EXP);
    }

    @Test
    void savedCodeIsFoundWithEveryField() {
        codes().save(code("h1"));

        assertThat(codes().find("h1")).contains(code("h1"));
        assertThat(codes().find("h2")).isEmpty();
    }

    @Test
    void aCodeWithoutNonceChallengeAudienceOrRedirectUriIsFoundSo() {
        AuthorizationCode bare = new AuthorizationCode("h1", "app", null, "sub-1", "sid-1", Set.of(), Set.of(), null,
                null, T0, T0, EXP);
        codes().save(bare);

        assertThat(codes().find("h1")).contains(bare);
    }

    @Test
    void saveWhenHashTakenThenDuplicate() {
        codes().save(code("h1"));

        assertThatThrownBy(() -> codes().save(code("h1"))).isInstanceOf(DuplicateException.class);
    }

    @Test
    void firstRedemptionWinsAndEveryLaterOneIsAReplayWithWhatTheFirstIssued() {
        codes().save(code("h1"));

        assertThat(codes().redeem("h1", NOW)).isEqualTo(new Redemption.Redeemed(code("h1")));
        codes().recordIssued("h1", ISSUED);

        assertThat(codes().redeem("h1", NOW.plusSeconds(1))).isEqualTo(new Redemption.Replayed(code("h1"), ISSUED));
        assertThat(codes().redeem("h1", NOW.plusSeconds(2))).isEqualTo(new Redemption.Replayed(code("h1"), ISSUED));
    }

    @Test
    void issuedWithoutARefreshTokenIsKeptSo() {
        codes().save(code("h1"));
        codes().redeem("h1", NOW);
        IssuedTokens accessOnly = new IssuedTokens(null, "jti-1", EXP);
        codes().recordIssued("h1", accessOnly);

        assertThat(codes().redeem("h1", NOW)).isEqualTo(new Redemption.Replayed(code("h1"), accessOnly));
    }

    @Test
    void aRedeemedCodeIsStillAReplayAfterItExpiredAndAfterARestart() {
        codes().save(code("h1"));
        codes().redeem("h1", NOW);
        codes().recordIssued("h1", ISSUED);

        restart();

        assertThat(codes().redeem("h1", EXP.plusSeconds(3600))).isEqualTo(new Redemption.Replayed(code("h1"), ISSUED));
    }

    @Test
    void anExpiredCodeIsNotRedeemedAndStaysUnredeemed() {
        codes().save(code("h1"));

        assertThat(codes().redeem("h1", EXP)).isEqualTo(new Redemption.Expired(code("h1")));
        assertThat(codes().redeem("h1", EXP.plusSeconds(1))).isEqualTo(new Redemption.Expired(code("h1")));
    }

    @Test
    void anUnknownCodeIsUnknown() {
        assertThat(codes().redeem("nope", NOW)).isEqualTo(new Redemption.Unknown());
    }

    @Test
    void aRedemptionRolledBackLeavesTheCodeUnused() {
        codes().save(code("h1"));

        assertThatThrownBy(() -> stores.transactions().run(() -> {
            assertThat(codes().redeem("h1", NOW)).isInstanceOf(Redemption.Redeemed.class);
            codes().recordIssued("h1", ISSUED);
            throw new IllegalStateException("minting failed");
        })).hasMessage("minting failed");

        assertThat(codes().redeem("h1", NOW)).isEqualTo(new Redemption.Redeemed(code("h1")));
    }

    @Test
    void purgeForgetsOnlyCodesThatExpiredBeforeTheGivenInstantRedeemedOrNot() {
        codes().save(code("redeemed"));
        codes().redeem("redeemed", NOW);
        codes().save(code("unused"));
        codes().save(new AuthorizationCode("later", "app", null, "sub-1", "sid-1", Set.of(), Set.of(), null, null, T0,
                T0, EXP.plusSeconds(60)));

        assertThat(codes().purgeExpired(EXP)).isZero();
        assertThat(codes().purgeExpired(EXP.plusSeconds(1))).isEqualTo(2);

        assertThat(codes().find("redeemed")).isEmpty();
        assertThat(codes().find("unused")).isEmpty();
        assertThat(codes().find("later")).isPresent();
    }

    @Test
    void ofManyConcurrentRedemptionsInsideTransactionsExactlyOneWinsAndTheOthersSeeWhatItIssued() throws Exception {
        int callers = 8;
        codes().save(code("raced"));
        Concurrently.warmUp(stores.transactions(), callers);

        List<Redemption> results = Concurrently.run(callers, i -> stores.transactions().inTransaction(() -> {
            Redemption r = codes().redeem("raced", NOW);
            if (r instanceof Redemption.Redeemed) {
                codes().recordIssued("raced", new IssuedTokens("fam-" + i, "jti-" + i, EXP));
            }
            return r;
        }));

        assertThat(results).filteredOn(r -> r instanceof Redemption.Redeemed).hasSize(1);
        int winner = results.indexOf(results.stream().filter(r -> r instanceof Redemption.Redeemed).findFirst().orElseThrow());
        IssuedTokens issued = new IssuedTokens("fam-" + winner, "jti-" + winner, EXP);
        assertThat(results).filteredOn(r -> r instanceof Redemption.Replayed).hasSize(callers - 1)
                .allSatisfy(r -> assertThat(r).isEqualTo(new Redemption.Replayed(code("raced"), issued)));
    }

    @Test
    void ofManyConcurrentRedemptionsOutsideTransactionsExactlyOneWins() throws Exception {
        int callers = 16;
        codes().save(code("raced"));
        Concurrently.warmUp(stores.transactions(), 10);

        List<Redemption> results = Concurrently.run(callers, i -> codes().redeem("raced", NOW));

        assertThat(results).filteredOn(r -> r instanceof Redemption.Redeemed).hasSize(1);
        assertThat(results).filteredOn(r -> r instanceof Redemption.Replayed).hasSize(callers - 1);
    }
}
