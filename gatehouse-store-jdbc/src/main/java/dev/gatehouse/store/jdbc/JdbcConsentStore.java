package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Columns.instant;
import static dev.gatehouse.store.jdbc.Columns.setInstant;

import dev.gatehouse.core.consent.Consent;
import dev.gatehouse.core.consent.ConsentStore;
import dev.gatehouse.core.store.DuplicateException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcConsentStore implements ConsentStore {
    private final JdbcTransactions db;

    JdbcConsentStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public Optional<Consent> find(String subject, String clientId) {
        return db.call("find consent", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT subject, client_id, scopes, granted_at FROM consents WHERE subject = ? AND client_id = ?")) {
                ps.setString(1, subject);
                ps.setString(2, clientId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<Consent>empty();
                }
            }
        });
    }

    /** Update, else insert; an insert that lost a race with another one becomes the update. */
    @Override
    public void save(Consent consent) {
        if (update(consent)) {
            return;
        }
        try {
            db.call("record consent", c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO consents (scopes, granted_at, subject, client_id) VALUES (?, ?, ?, ?)")) {
                    bind(ps, consent);
                    return ps.executeUpdate();
                }
            });
        } catch (DuplicateException e) {
            update(consent);
        }
    }

    private boolean update(Consent consent) {
        return db.call("update consent", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE consents SET scopes = ?, granted_at = ? WHERE subject = ? AND client_id = ?")) {
                bind(ps, consent);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<Consent> list(String subject) {
        return db.call("list consents", c -> {
            List<Consent> consents = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT subject, client_id, scopes, granted_at FROM consents "
                    + "WHERE subject = ? ORDER BY client_id")) {
                ps.setString(1, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        consents.add(read(rs));
                    }
                }
            }
            return consents;
        });
    }

    @Override
    public boolean revoke(String subject, String clientId) {
        return db.call("revoke consent", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM consents WHERE subject = ? AND client_id = ?")) {
                ps.setString(1, subject);
                ps.setString(2, clientId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static void bind(PreparedStatement ps, Consent consent) throws SQLException {
        ps.setString(1, Columns.words(consent.scopes()));
        setInstant(ps, 2, consent.grantedAt());
        ps.setString(3, consent.subject());
        ps.setString(4, consent.clientId());
    }

    private static Consent read(ResultSet rs) throws SQLException {
        return new Consent(rs.getString("subject"), rs.getString("client_id"), Columns.wordSet(rs.getString("scopes")),
                instant(rs, "granted_at"));
    }
}
