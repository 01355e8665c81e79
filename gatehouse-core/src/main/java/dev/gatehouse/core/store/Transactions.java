package dev.gatehouse.core.store;

import java.util.function.Supplier;

/**
 * Runs a unit of work atomically across stores: every store call made inside {@code work} on this thread
 * commits or rolls back together. Nested calls join the outer transaction.
 */
public interface Transactions {
    <T> T inTransaction(Supplier<T> work);

    default void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
