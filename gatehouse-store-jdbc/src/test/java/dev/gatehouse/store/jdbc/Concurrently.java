package dev.gatehouse.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import dev.gatehouse.core.store.Transactions;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs n tasks on n threads released together, and returns their results in task order. */
final class Concurrently {
    private Concurrently() {}

    /**
     * Holds n transactions open at once, so that the pool has n connections ready: a race must not be
     * serialised by threads queueing to open connections.
     */
    static void warmUp(Transactions transactions, int n) throws Exception {
        CyclicBarrier allOpen = new CyclicBarrier(n);
        run(n, i -> transactions.inTransaction(() -> {
            try {
                return allOpen.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    static <T> List<T> run(int n, IntFunction<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.apply(index);
                }));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(2, TimeUnit.MINUTES));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
