package dev.gatehouse.store.jdbc;

import dev.gatehouse.core.browser.BrowserSession;
import dev.gatehouse.core.browser.BrowserSessionStore;
import java.time.Instant;
import java.util.Optional;

/** Placeholder until its table exists; every method refuses. */
final class JdbcBrowserSessionStore implements BrowserSessionStore {
    private final JdbcTransactions db;

    JdbcBrowserSessionStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public void create(BrowserSession session) {
        throw new UnsupportedOperationException("browser sessions are not stored yet");
    }

    @Override
    public Optional<BrowserSession> find(String idHash) {
        throw new UnsupportedOperationException("browser sessions are not stored yet");
    }

    @Override
    public boolean delete(String idHash) {
        throw new UnsupportedOperationException("browser sessions are not stored yet");
    }

    @Override
    public int purgeExpired(Instant before) {
        throw new UnsupportedOperationException("browser sessions are not stored yet");
    }
}
