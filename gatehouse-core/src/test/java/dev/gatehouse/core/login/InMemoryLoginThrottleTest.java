package dev.gatehouse.core.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.core.config.ThrottleConfig;
import dev.gatehouse.core.oauth.OAuthException;
import dev.gatehouse.client.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
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
        admitted("alice", "10.0.0.1").close();
        assertThat(throttle.waitFor("alice", "10.9.9.9")).contains(CONFIG.maxDelay());
    }

    @Test
    void oneFailureEachTimeTheWaitEndsNeverKeepsTheAccountWaitingAtItsKnownAddress() {
        succeed("alice", "10.0.0.1");

        for (int round = 0; round < 100; round++) {
            clock.advance(CONFIG.maxDelay());
            admitted("alice", "192.0.2." + round).failed();

            admitted("alice", "10.0.0.1").succeeded();
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
    void attemptsInProgressCountNoFailure() {
        List<LoginThrottle.Attempt> running = new ArrayList<>();
        for (int i = 0; i < ParallelAttempts.PASSWORDS.perAccountAndAddress(); i++) {
            running.add(admitted("alice", "10.0.0.1"));
        }

        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEmpty();
        running.forEach(LoginThrottle.Attempt::succeeded);
        for (int i = 0; i < 10; i++) {
            admitted("alice", "10.0.0.1").succeeded();
        }
        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void failureCountsAsSoonAsItFailsWhileOtherAttemptsAreStillInProgress() {
        List<LoginThrottle.Attempt> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(admitted("alice", "10.0.0.1"));
        }

        for (int i = 0; i < CONFIG.freeAttemptsPerAccountAndAddress(); i++) {
            running.get(i).failed();
        }

        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));
        assertThat(refused("alice", "10.0.0.1")).isEqualTo(new LoginThrottle.Refusal(Duration.ofSeconds(1), false));
        assertThat(refused("alice", "10.0.0.1").exception().error().getDescription())
                .isEqualTo("Too many failed attempts; retry later");
        running.get(3).succeeded();
        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void attemptThatMustWaitCountsNothing() {
        fail("alice", "10.0.0.1", 3);

        assertThat(refused("alice", "10.0.0.1").retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(refused("alice", "10.0.0.1").retryAfter()).isEqualTo(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        admitted("alice", "10.0.0.1").failed();
        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(2));
    }

    @Test
    void attemptPastTheParallelLimitOfItsAccountAndAddressIsBusyAndCountsNothing() {
        InMemoryLoginThrottle narrow = new InMemoryLoginThrottle(CONFIG, new ParallelAttempts(2, 4, Duration.ZERO), clock);
        LoginThrottle.Attempt first = admitted(narrow, "alice", "10.0.0.1");
        admitted(narrow, "alice", "10.0.0.1");

        assertThat(narrow.admit("alice", "10.0.0.1")).isEqualTo(new LoginThrottle.Refusal(InMemoryLoginThrottle.BUSY_RETRY, true));
        assertThat(narrow.waitFor("alice", "10.0.0.1")).isEmpty();
        OAuthException busy = new LoginThrottle.Refusal(InMemoryLoginThrottle.BUSY_RETRY, true).exception();
        assertThat(busy.error().getCode()).isEqualTo("invalid_request");
        assertThat(busy.error().getHTTPStatusCode()).isEqualTo(429);
        assertThat(busy.error().getDescription()).isEqualTo("Too many attempts at once; retry shortly");
        assertThat(busy.retryAfterHeader()).isEqualTo("1");
        admitted(narrow, "bob", "10.0.0.1").close();
        admitted(narrow, "alice", "10.0.0.2").close();

        first.close();
        admitted(narrow, "alice", "10.0.0.1").close();
    }

    @Test
    void attemptPastTheParallelLimitOfItsAddressIsBusy() {
        InMemoryLoginThrottle narrow = new InMemoryLoginThrottle(CONFIG, new ParallelAttempts(2, 4, Duration.ZERO), clock);
        for (int i = 0; i < 4; i++) {
            admitted(narrow, "user" + i, "2001:db8:1:2::" + (i + 1));
        }

        assertThat(narrow.admit("someone", "2001:db8:1:2::99")).isEqualTo(new LoginThrottle.Refusal(InMemoryLoginThrottle.BUSY_RETRY, true));
        admitted(narrow, "someone", "2001:db8:1:3::1").close();
    }

    @Test
    void attemptWaitingForAPlaceIsAdmittedWhenOneEnds() throws Exception {
        InMemoryLoginThrottle narrow = new InMemoryLoginThrottle(CONFIG, new ParallelAttempts(1, 1, Duration.ofMinutes(1)), clock);
        LoginThrottle.Attempt running = admitted(narrow, "alice", "10.0.0.1");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<LoginThrottle.Admission> waiting = pool.submit(() -> narrow.admit("alice", "10.0.0.1"));
            awaitWaiting(narrow, "alice", "10.0.0.1");

            running.succeeded();

            assertThat(waiting.get()).isInstanceOf(LoginThrottle.Attempt.class);
            assertThat(narrow.inProgress("alice", "10.0.0.1")).isEqualTo(1);
        }
    }

    @Test
    void attemptWaitingForAPlaceIsRefusedWhenTheFailureThatFreedItReachesTheBackOff() throws Exception {
        InMemoryLoginThrottle narrow = new InMemoryLoginThrottle(CONFIG, new ParallelAttempts(1, 1, Duration.ofMinutes(1)), clock);
        fail(narrow, "alice", "10.0.0.1", 2);
        LoginThrottle.Attempt running = admitted(narrow, "alice", "10.0.0.1");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<LoginThrottle.Admission> waiting = pool.submit(() -> narrow.admit("alice", "10.0.0.1"));
            awaitWaiting(narrow, "alice", "10.0.0.1");

            running.failed();

            assertThat(waiting.get()).isEqualTo(new LoginThrottle.Refusal(Duration.ofSeconds(1), false));
            assertThat(narrow.inProgress("alice", "10.0.0.1")).isZero();
        }
    }

    @Test
    void anAttemptEndsOnceWhateverIsCalledOnIt() {
        LoginThrottle.Attempt attempt = admitted("alice", "10.0.0.1");
        attempt.failed();
        attempt.failed();
        attempt.succeeded();
        attempt.close();

        assertThat(throttle.inProgress("alice", "10.0.0.1")).isZero();
        fail("alice", "10.0.0.1", 1);
        assertThat(throttle.waitFor("alice", "10.0.0.1")).isEmpty();
        fail("alice", "10.0.0.1", 1);
        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));
    }

    @Test
    void sixtyFourParallelCorrectAttemptsFromOneAddressAreAllAdmitted() throws Exception {
        assertThat(admittedOfSixtyFourAtOnce(LoginThrottle.Attempt::succeeded)).isEqualTo(64);
        assertThat(throttle.inProgress("alice", "10.0.0.1")).isZero();
    }

    @Test
    void sixtyFourParallelWrongAttemptsGetNoMoreThanTheFreeAttemptsAndTheParallelPlaces() throws Exception {
        int places = ParallelAttempts.PASSWORDS.perAccountAndAddress();

        long checked = admittedOfSixtyFourAtOnce(LoginThrottle.Attempt::failed);

        // every attempt admitted while fewer than the free ones had failed, at most `places` at a time
        assertThat(checked).isBetween((long) CONFIG.freeAttemptsPerAccountAndAddress(),
                (long) CONFIG.freeAttemptsPerAccountAndAddress() + places - 1);
    }

    /** Sixty-four attempts of alice from one address started at once, each ending as told: how many were admitted. */
    private long admittedOfSixtyFourAtOnce(Consumer<LoginThrottle.Attempt> outcome) throws Exception {
        List<Future<Boolean>> admitted = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 64; i++) {
                admitted.add(pool.submit(() -> {
                    start.await();
                    if (!(throttle.admit("alice", "10.0.0.1") instanceof LoginThrottle.Attempt attempt)) {
                        return false;
                    }
                    Thread.sleep(5); // a password check takes a while
                    outcome.accept(attempt);
                    return true;
                }));
            }
            start.countDown();
            long count = 0;
            for (Future<Boolean> f : admitted) {
                count += f.get() ? 1 : 0;
            }
            return count;
        }
    }

    @Test
    void accountNamesAreCountedCaseInsensitively() {
        fail("Alice", "10.0.0.1", 2);
        fail("ALICE", "10.0.0.1", 1);

        assertThat(throttle.waitFor("alice", "10.0.0.1")).contains(Duration.ofSeconds(1));
    }

    private void succeed(String account, String address) {
        admitted(account, address).succeeded();
    }

    private void fail(String account, String address, int times) {
        fail(throttle, account, address, times);
    }

    /** Failures of attempts admitted earlier (all at once, say), which count whatever the wait is now. */
    private static void fail(InMemoryLoginThrottle throttle, String account, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.countFailure(account, address);
        }
    }

    private LoginThrottle.Attempt admitted(String account, String address) {
        return admitted(throttle, account, address);
    }

    private static LoginThrottle.Attempt admitted(InMemoryLoginThrottle throttle, String account, String address) {
        LoginThrottle.Admission admission = throttle.admit(account, address);
        assertThat(admission).isInstanceOf(LoginThrottle.Attempt.class);
        return (LoginThrottle.Attempt) admission;
    }

    private LoginThrottle.Refusal refused(String account, String address) {
        LoginThrottle.Admission admission = throttle.admit(account, address);
        assertThat(admission).isInstanceOf(LoginThrottle.Refusal.class);
        return (LoginThrottle.Refusal) admission;
    }

    /** Until an attempt waits for a place of this account and address. */
    private static void awaitWaiting(InMemoryLoginThrottle throttle, String account, String address) {
        await().atMost(Duration.ofSeconds(10)).until(() -> throttle.waiting(account, address) > 0);
    }
}
