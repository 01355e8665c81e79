package dev.gatehouse.store.jdbc;

import dev.gatehouse.core.consent.Consent;
import dev.gatehouse.core.consent.ConsentStore;
import java.util.List;
import java.util.Optional;

/** Placeholder until its table exists; every method refuses. */
final class JdbcConsentStore implements ConsentStore {
    private final JdbcTransactions db;

    JdbcConsentStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public Optional<Consent> find(String subject, String clientId) {
        throw new UnsupportedOperationException("consents are not stored yet");
    }

    @Override
    public void save(Consent consent) {
        throw new UnsupportedOperationException("consents are not stored yet");
    }

    @Override
    public List<Consent> list(String subject) {
        throw new UnsupportedOperationException("consents are not stored yet");
    }

    @Override
    public boolean revoke(String subject, String clientId) {
        throw new UnsupportedOperationException("consents are not stored yet");
    }
}
