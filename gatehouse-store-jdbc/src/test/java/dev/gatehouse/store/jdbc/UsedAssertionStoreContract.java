package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.client.UsedAssertionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsedAssertionStoreContract extends StoreContract {
    private static final Instant EXP = T0.plus(Duration.ofMinutes(5));

    private UsedAssertionStore used() {
        return stores.usedAssertions();
    }

    @Test
    void firstUseIsMarkedAndEveryLaterOneRefused() {
        assertThat(used().markUsed("app", "jti-1", EXP)).isTrue();

        assertThat(used().markUsed("app", "jti-1", EXP)).isFalse();
        assertThat(used().markUsed("app", "jti-1", EXP.plusSeconds(60))).isFalse();
    }

    @Test
    void anotherClientsIdenticalJtiIsItsOwn() {
        used().markUsed("app", "jti-1", EXP);

        assertThat(used().markUsed("other-app", "jti-1", EXP)).isTrue();
        assertThat(used().markUsed("app", "jti-2", EXP)).isTrue();
    }

    @Test
    void usedIdIsStillUsedAfterARestart() {
        used().markUsed("app", "jti-1", EXP);

        restart();

        assertThat(used().markUsed("app", "jti-1", EXP)).isFalse();
    }

    @Test
    void aJtiOfAnyLengthAndCharactersIsKept() {
        String long1 = "j".repeat(8192) + "\u00e9\uD83D\uDE00";
        String long2 = "j".repeat(8192) + "\u00e9\uD83D\uDE01";

        assertThat(used().markUsed("app", long1, EXP)).isTrue();
        assertThat(used().markUsed("app", long2, EXP)).isTrue();
        assertThat(used().markUsed("app", long1, EXP)).isFalse();
    }

    @Test
    void purgeForgetsOnlyIdsThatExpiredBeforeTheGivenInstant() {
        used().markUsed("app", "early", EXP);
        used().markUsed("app", "late", EXP.plusSeconds(60));

        assertThat(used().purgeExpired(EXP)).isZero();
        assertThat(used().purgeExpired(EXP.plusSeconds(1))).isOne();

        assertThat(used().markUsed("app", "early", EXP.plusSeconds(120))).isTrue();
        assertThat(used().markUsed("app", "late", EXP.plusSeconds(120))).isFalse();
    }

    @Test
    void ofManyConcurrentUsesOfOneAssertionExactlyOneWins() throws Exception {
        int callers = 16;
        Concurrently.warmUp(stores.transactions(), 8);

        List<Boolean> outcomes = Concurrently.run(callers, i -> used().markUsed("app", "raced", EXP));

        assertThat(outcomes).filteredOn(Boolean::booleanValue).hasSize(1);
    }
}
