package dev.gatehouse.core.testing;

import dev.gatehouse.core.store.Transactions;
import java.util.function.Supplier;

/** Runs the work at once: the in-memory stores apply each change as it is made and roll nothing back. */
public final class InMemoryTransactions implements Transactions {
    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return work.get();
    }
}
