package dev.gatehouse.core.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.client.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryLoginThrottleTest {
    private static final ThrottleConfig CONFIG =
            new ThrottleConfig(3, 10, 6, Duration.ofSeconds(60), Duration.ofMinutes(10));

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemoryLoginThrottle throttle = new InMemoryLoginThrottle(CONFIG, clock);

    @Test
    void firstAttemptIsAllowed() {
        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void failuresWithinTheFreeAttemptsDoNotWait() {
        fail("alice", "10.0.0.1", 2);

        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void failuresPastTheFreeAttemptsDoubleTheWait() {
        fail("alice", "10.0.0.1", 3);
        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));

        fail("alice", "10.0.0.1", 1);
        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(2));

        fail("alice", "10.0.0.1", 1);
        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(4));
    }

    @Test
    void waitCountsFromTheLastFailureAndEnds() {
        fail("alice", "10.0.0.1", 5);

        clock.advance(Duration.ofSeconds(3));
        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void waitNeverExceedsTheMaxDelay() {
        fail("alice", "10.0.0.1", 40);

        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(CONFIG.maxDelay());
    }

    @Test
    void countersForgetAfterTheWindow() {
        fail("alice", "10.0.0.1", 3);

        clock.advance(CONFIG.window().plusSeconds(1));
        fail("alice", "10.0.0.1", 1);

        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void countersWithinTheWindowAreKept() {
        fail("alice", "10.0.0.1", 3);

        clock.advance(CONFIG.window().minusSeconds(1));
        fail("alice", "10.0.0.1", 1);

        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(2));
    }

    @Test
    void oneAddressTryingManyAccountsIsThrottledOnEveryAccount() {
        for (int i = 0; i < 10; i++) {
            fail("user" + i, "10.0.0.1", 1);
        }

        assertThat(throttle.waitFor("someone-new", "10.0.0.1")).contains(Duration.ofSeconds(1));
        assertThat(throttle.waitFor("someone-new", "10.0.0.2")).isEmpty();
    }

    @Test
    void theAddressesOfOneIpv6SlashSixtyFourCountAsOneAddress() {
        for (int i = 0; i < 10; i++) {
            fail("user" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1), 1);
        }

        assertThat(throttle.waitFor("someone-new", "2001:db8:1:2:ffff:1:2:3")).contains(Duration.ofSeconds(1));
        assertThat(throttle.waitFor("someone-new", "2001:db8:1:3::1")).isEmpty();
        assertThat(InMemoryLoginThrottle.network("::ffff:10.0.0.1")).isEqualTo("10.0.0.1");
    }

    @Test
    void oneAccountTriedFromManyAddressesIsThrottledFromEveryAddress() {
        for (int i = 0; i < 6; i++) {
            fail("alice", "10.0.0." + i, 1);
        }

        assertThat(throttle.waitFor("alice", "10.9.9.9")).contains(Duration.ofSeconds(1));
        assertThat(throttle.waitFor("bob", "10.9.9.9")).isEmpty();
    }

    @Test
    void failuresOfOnePairDoNotSlowDownAnotherPairBelowTheSharedLimits() {
        fail("alice", "10.0.0.1", 3);

        assertThat(throttle.waitFor("alice", "10.0.0.2")).isEmpty();
        assertThat(throttle.waitFor("bob", "10.0.0.1")).isEmpty();
    }

    @Test
    void successClearsTheCounterOfThatAccountAndAddress() {
        fail("alice", "10.0.0.1", 3);
        clock.advance(Duration.ofSeconds(1));

        succeed("alice", "10.0.0.1");
        fail("alice", "10.0.0.1", 1);

        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void accountWideBackOffDoesNotApplyAtAnAddressTheAccountLoggedInFrom() {
        succeed("alice", "10.0.0.1");

        for (int i = 0; i < 20; i++) {
            fail("alice", "192.0.2." + i, 1);
        }

        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEmpty();
        assertThat(throttle.admit("alice", "10.0.0.1")).isEmpty();
        assertThat(throttle.waitFor("alice", "10.9.9.9")).contains(CONFIG.maxDelay());
    }

    @Test
    void oneFailureEachTimeTheWaitEndsNeverKeepsTheAccountWaitingAtItsKnownAddress() {
        succeed("alice", "10.0.0.1");

        for (int round = 0; round < 100; round++) {
            clock.advance(CONFIG.maxDelay());
            assertThat(throttle.admit("alice", "192.0.2." + round)).isEmpty();

            assertThat(throttle.admit("alice", "10.0.0.1")).isEmpty();
            throttle.recordSuccess("alice", "10.0.0.1");
        }
    }

    @Test
    void successDoesNotClearTheAccountWideCounterForOtherAddresses() {
        for (int i = 0; i < 6; i++) {
            fail("alice", "10.0.0." + i, 1);
        }
        clock.advance(Duration.ofSeconds(1));

        succeed("alice", "10.0.0.0");
        fail("alice", "10.0.0.9", 1);

        assertThat(throttle.waitFor("alice", "10.9.9.9")).contains(Duration.ofSeconds(2));
        assertThat(throttle.waitFor("alice", "10.0.0.0")).isEmpty();
    }

    @Test
    void knownAddressKeepsItsOwnAndItsAddressBackOff() {
        succeed("alice", "10.0.0.1");

        fail("alice", "10.0.0.1", 3);
        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));

        succeed("alice", "10.0.0.2");
        for (int i = 0; i < 10; i++) {
            fail("user" + i, "10.0.0.2", 1);
        }
        assertThat(throttle.waitFor("alice", "10.0.0.2")).contains(Duration.ofSeconds(1));
    }

    @Test
    void knownAddressIsKnownForItsAccountOnly() {
        succeed("alice", "10.0.0.1");

        for (int i = 0; i < 6; i++) {
            fail("bob", "192.0.2." + i, 1);
        }

        assertThat(throttle.waitFor("bob", "10.0.0.1")).contains(Duration.ofSeconds(1));
    }

    @Test
    void knownAddressIsForgottenAfterThirtyDays() {
        succeed("Alice", "10.0.0.1");
        clock.advance(InMemoryLoginThrottle.KNOWN_ADDRESS_MEMORY.plusSeconds(1));

        for (int i = 0; i < 6; i++) {
            fail("alice", "192.0.2." + i, 1);
        }

        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));
    }

    @Test
    void knownAddressIsRememberedWithinThirtyDaysOfTheLastSuccess() {
        succeed("alice", "10.0.0.1");
        clock.advance(InMemoryLoginThrottle.KNOWN_ADDRESS_MEMORY.minusDays(1));
        succeed("alice", "10.0.0.1");
        clock.advance(Duration.ofDays(2));

        for (int i = 0; i < 6; i++) {
            fail("alice", "192.0.2." + i, 1);
        }

        assertThat(throttle.waitFor("ALICE", "10.0.0.1")).isEmpty();
    }

    @Test
    void admittedAttemptCountsAsFailedBeforeItsOutcomeIsKnown() {
        for (int i = 0; i < CONFIG.freeAttemptsPerAccountAndAddress(); i++) {
            assertThat(throttle.admit("alice", "10.0.0.1")).isEmpty();
        }

        assertThat(throttle.admit("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));
    }

    @Test
    void attemptThatMustWaitCountsNothing() {
        fail("alice", "10.0.0.1", 3);

        assertThat(throttle.admit("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));
        assertThat(throttle.admit("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.admit("alice", "10.0.0.1")).isEmpty();
        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(2));
    }

    @Test
    void successTakesTheAdmittedAttemptBackFromTheAddressCounter() {
        for (int i = 0; i < 9; i++) {
            fail("user" + i, "10.0.0.1", 1);
        }

        succeed("alice", "10.0.0.1");

        assertThat(throttle.waitFor("carol", "10.0.0.1")).isEmpty();
    }

    @Test
    void successLeavesTheAddressWaitWhereTheFailuresLeftIt() {
        for (int i = 0; i < 10; i++) {
            fail("user" + i, "10.0.0.1", 1);
        }
        clock.advance(Duration.ofSeconds(1));

        succeed("alice", "10.0.0.1");

        assertThat(throttle.waitFor("carol", "10.0.0.1")).isEmpty();
        fail("carol", "10.0.0.1", 1);
        assertThat(throttle.waitFor("carol", "10.0.0.1")).contains(Duration.ofSeconds(2));
    }

    @Test
    void parallelAttemptsGetNoMoreThanTheFreeAttempts() throws Exception {
        int callers = 32;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> admitted = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < callers; i++) {
                admitted.add(pool.submit(() -> {
                    start.await();
                    return throttle.admit("alice", "10.0.0.1").isEmpty();
                }));
            }
            start.countDown();
            long count = 0;
            for (Future<Boolean> f : admitted) {
                count += f.get() ? 1 : 0;
            }

            assertThat(count).isEqualTo(CONFIG.freeAttemptsPerAccountAndAddress());
        }
    }

    @Test
    void accountNamesAreCountedCaseInsensitively() {
        fail("Alice", "10.0.0.1", 2);
        fail("ALICE", "10.0.0.1", 1);

        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));
    }

    private void succeed(String account, String address) {
        assertThat(throttle.admit(account, address)).isEmpty();
        throttle.recordSuccess(account, address);
    }

    private void fail(String account, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.recordFailure(account, address);
        }
    }
}
