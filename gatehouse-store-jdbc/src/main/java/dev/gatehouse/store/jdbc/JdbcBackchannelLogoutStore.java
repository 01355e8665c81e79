package dev.gatehouse.store.jdbc;

import dev.gatehouse.core.logout.BackchannelLogoutStore;
import java.time.Instant;

/** Placeholder until its table exists; every method refuses. */
final class JdbcBackchannelLogoutStore implements BackchannelLogoutStore {
    private final JdbcTransactions db;

    JdbcBackchannelLogoutStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public int purgeFinished(Instant before) {
        throw new UnsupportedOperationException("back-channel logouts are not stored yet");
    }
}
