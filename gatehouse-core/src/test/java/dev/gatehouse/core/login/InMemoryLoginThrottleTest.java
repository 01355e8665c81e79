package dev.gatehouse.core.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
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

        throttle.recordSuccess("alice", "10.0.0.1");
        fail("alice", "10.0.0.1", 1);

        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void successDoesNotClearTheAccountWideCounter() {
        for (int i = 0; i < 6; i++) {
            fail("alice", "10.0.0." + i, 1);
        }

        throttle.recordSuccess("alice", "10.0.0.0");

        assertThat(throttle.waitFor("alice", "10.0.0.0")).contains(Duration.ofSeconds(1));
    }

    @Test
    void accountNamesAreCountedCaseInsensitively() {
        fail("Alice", "10.0.0.1", 2);
        fail("ALICE", "10.0.0.1", 1);

        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));
    }

    private void fail(String account, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.recordFailure(account, address);
        }
    }
}
