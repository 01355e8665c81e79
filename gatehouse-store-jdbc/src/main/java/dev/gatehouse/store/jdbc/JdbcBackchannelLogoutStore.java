package dev.gatehouse.store.jdbc;

import dev.gatehouse.core.logout.BackchannelLogoutStore;
import java.time.Instant;

/** Placeholder until its table exists; every method refuses. */
final class JdbcBackchannelLogoutStore implements BackchannelLogoutStore {
    private final JdbcTransactions db;

    JdbcBackchannelLogoutStore(JdbcTransactions db) {
        this.db = db;
    }

    /** Nothing records participants until back-channel logout has its tables; nobody is told yet. */
    @Override
    public void recordParticipant(String sessionId, String clientId) {
    }

    @Override
    public int purgeFinished(Instant before) {
        throw new UnsupportedOperationException("back-channel logouts are not stored yet");
    }
}
