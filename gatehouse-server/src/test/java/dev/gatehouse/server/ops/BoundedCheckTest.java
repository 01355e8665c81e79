package dev.gatehouse.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedCheckTest {
    private static final long DEADLINE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    @Test
    void aProbeThatAnswersIsUpAndOneThatFailsIsDown() {
        BoundedCheck up = new BoundedCheck("up", () -> { });
        BoundedCheck down = new BoundedCheck("down", () -> {
            throw new IllegalStateException("no database");
        });

        assertThat(up.result(up.start(), System.nanoTime() + DEADLINE_NANOS)).isEqualTo("UP");
        assertThat(down.result(down.start(), System.nanoTime() + DEADLINE_NANOS)).isEqualTo("DOWN");
    }

    @Test
    void dozensOfCallersDuringAHangingProbeAreAllAnsweredDownAndShareThatOneProbe() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger probes = new AtomicInteger();
        BoundedCheck check = new BoundedCheck("hanging", () -> {
            probes.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        var first = check.start();
        List<Future<String>> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 40; i++) {
                answers.add(callers.submit(() -> check.result(check.start(), System.nanoTime() + DEADLINE_NANOS)));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get(30, TimeUnit.SECONDS)).isEqualTo("DOWN");
            }
        }
        assertThat(probes).hasValue(1);

        release.countDown();
        first.get(30, TimeUnit.SECONDS);
        assertThat(check.result(check.start(), System.nanoTime() + TimeUnit.SECONDS.toNanos(30))).isEqualTo("UP");
        assertThat(probes).hasValue(2);
    }
}
