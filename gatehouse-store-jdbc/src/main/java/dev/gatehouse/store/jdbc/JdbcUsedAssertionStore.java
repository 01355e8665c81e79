package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Columns.setInstant;

import dev.gatehouse.core.client.UsedAssertionStore;
import dev.gatehouse.core.crypto.Secrets;
import dev.gatehouse.core.store.DuplicateException;
import java.sql.PreparedStatement;
import java.time.Instant;

/**
 * Used assertion ids in the shared database: the insert of the first use succeeds, any later one (on any
 * node) hits the primary key. Not to be called inside a transaction, which the refused insert would doom.
 */
final class JdbcUsedAssertionStore implements UsedAssertionStore {
    private final JdbcTransactions db;

    JdbcUsedAssertionStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public boolean markUsed(String clientId, String jti, Instant expiresAt) {
        try {
            return db.call("mark an assertion used", c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO used_assertions (client_id, jti_hash, expires_at) VALUES (?, ?, ?)")) {
                    ps.setString(1, clientId);
                    ps.setString(2, Secrets.sha256(jti));
                    setInstant(ps, 3, expiresAt);
                    return ps.executeUpdate() == 1;
                }
            });
        } catch (DuplicateException e) {
            return false;
        }
    }

    @Override
    public int purgeExpired(Instant before) {
        return db.call("purge expired used assertions", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM used_assertions WHERE expires_at < ?")) {
                setInstant(ps, 1, before);
                return ps.executeUpdate();
            }
        });
    }
}
