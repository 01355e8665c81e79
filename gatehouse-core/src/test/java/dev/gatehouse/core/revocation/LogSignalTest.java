package dev.gatehouse.core.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A wait that should return at once but hangs fails at the class timeout instead of blocking the build. */
@Timeout(60)
class LogSignalTest {
    static final Duration LONG = Duration.ofMinutes(10);

    @Test
    void aSignalGivenBeforeTheWaitIsNotMissed() throws Exception {
        LogSignal signal = new LogSignal();
        long seen = signal.version();
        signal.signal();

        // returns at once: the version already moved on, however long the timeout
        assertThat(signal.await(seen, LONG)).isTrue();
    }

    @Test
    void aWaiterWakesWhenSignalledFromAnotherThread() throws Exception {
        LogSignal signal = new LogSignal();
        long seen = signal.version();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> await(signal, seen));

        signal.signal();

        assertThat(waiter.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(signal.version()).isNotEqualTo(seen);
    }

    @Test
    void aWaitWithoutSignalEndsAtItsTimeoutStillOpen() throws Exception {
        LogSignal signal = new LogSignal();

        assertThat(signal.await(signal.version(), Duration.ofMillis(20))).isTrue();
    }

    @Test
    void closingWakesEveryWaiterForGood() throws Exception {
        LogSignal signal = new LogSignal();
        long seen = signal.version();
        CompletableFuture<Boolean> one = CompletableFuture.supplyAsync(() -> await(signal, seen));
        CompletableFuture<Boolean> two = CompletableFuture.supplyAsync(() -> await(signal, seen));

        signal.close();

        assertThat(one.get(30, TimeUnit.SECONDS)).isFalse();
        assertThat(two.get(30, TimeUnit.SECONDS)).isFalse();
        assertThat(signal.isClosed()).isTrue();
        assertThat(signal.await(signal.version(), LONG)).isFalse();
    }

    private static boolean await(LogSignal signal, long seen) {
        try {
            return signal.await(seen, LONG);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
