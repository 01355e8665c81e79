package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Columns.instant;
import static dev.gatehouse.store.jdbc.Columns.setInstant;

import dev.gatehouse.core.keys.SigningKeyStore;
import dev.gatehouse.core.keys.StoredSigningKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class JdbcSigningKeyStore implements SigningKeyStore {
    private final JdbcTransactions db;

    JdbcSigningKeyStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public void save(StoredSigningKey key) {
        db.call("save signing key " + key.kid(), c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO signing_keys (kid, algorithm, public_jwk, "
                    + "encrypted_private_jwk, created_at, activates_at, retires_at, remove_after) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, key.kid());
                ps.setString(2, key.algorithm());
                ps.setString(3, key.publicJwk());
                ps.setString(4, key.encryptedPrivateJwk());
                setInstant(ps, 5, key.createdAt());
                setInstant(ps, 6, key.activatesAt());
                setInstant(ps, 7, key.retiresAt());
                setInstant(ps, 8, key.removeAfter());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<StoredSigningKey> all() {
        return db.call("list signing keys", c -> {
            List<StoredSigningKey> keys = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT kid, algorithm, public_jwk, encrypted_private_jwk, "
                    + "created_at, activates_at, retires_at, remove_after FROM signing_keys "
                    + "ORDER BY created_at, activates_at, kid");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(new StoredSigningKey(rs.getString("kid"), rs.getString("algorithm"),
                            rs.getString("public_jwk"), rs.getString("encrypted_private_jwk"), instant(rs, "created_at"),
                            instant(rs, "activates_at"), instant(rs, "retires_at"), instant(rs, "remove_after")));
                }
            }
            return keys;
        });
    }

    /** Retiring a key that is gone (purged by another node) changes nothing. */
    @Override
    public void retire(String kid, Instant retiresAt, Instant removeAfter) {
        db.call("retire signing key " + kid, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE signing_keys SET retires_at = ?, remove_after = ? WHERE kid = ?")) {
                setInstant(ps, 1, retiresAt);
                setInstant(ps, 2, removeAfter);
                ps.setString(3, kid);
                return ps.executeUpdate();
            }
        });
    }

    /** A key whose removeAfter is now or earlier is gone: no token it signed can still be valid. */
    @Override
    public int purgeRemoved(Instant now) {
        return db.call("purge signing keys", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM signing_keys WHERE remove_after IS NOT NULL AND remove_after <= ?")) {
                setInstant(ps, 1, now);
                return ps.executeUpdate();
            }
        });
    }
}
