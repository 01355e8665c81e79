package dev.gatehouse.store.jdbc;

import dev.gatehouse.core.authorize.AuthorizationRequestStore;
import java.time.Instant;

/** Placeholder until its table exists; every method refuses. */
final class JdbcAuthorizationRequestStore implements AuthorizationRequestStore {
    private final JdbcTransactions db;

    JdbcAuthorizationRequestStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public int purgeExpired(Instant before) {
        throw new UnsupportedOperationException("authorization requests are not stored yet");
    }
}
