package dev.gatehouse.store.jdbc;

import dev.gatehouse.core.authorize.AuthorizationCode;
import dev.gatehouse.core.authorize.AuthorizationCodeStore;
import java.time.Instant;

/** Placeholder until its table exists; every method refuses. */
final class JdbcAuthorizationCodeStore implements AuthorizationCodeStore {
    private final JdbcTransactions db;

    JdbcAuthorizationCodeStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public void save(AuthorizationCode code) {
        throw new UnsupportedOperationException("authorization codes are not stored yet");
    }

    @Override
    public int purgeExpired(Instant before) {
        throw new UnsupportedOperationException("authorization codes are not stored yet");
    }
}
