package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Columns.instant;
import static dev.gatehouse.store.jdbc.Columns.setInstant;

import dev.gatehouse.core.browser.BrowserSession;
import dev.gatehouse.core.browser.BrowserSessionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

final class JdbcBrowserSessionStore implements BrowserSessionStore {
    private static final String COLUMNS = "id_hash, session_id, subject, auth_time, created_at, last_seen_at, expires_at";

    private final JdbcTransactions db;

    JdbcBrowserSessionStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public void create(BrowserSession session) {
        db.call("create browser session", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO browser_sessions (" + COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, session.idHash());
                ps.setString(2, session.sessionId());
                ps.setString(3, session.subject());
                setInstant(ps, 4, session.authTime());
                setInstant(ps, 5, session.createdAt());
                setInstant(ps, 6, session.lastSeenAt());
                setInstant(ps, 7, session.expiresAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<BrowserSession> find(String idHash) {
        return db.call("find browser session", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM browser_sessions WHERE id_hash = ?")) {
                ps.setString(1, idHash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<BrowserSession>empty();
                    }
                    return Optional.of(new BrowserSession(rs.getString("id_hash"), rs.getString("session_id"),
                            rs.getString("subject"), instant(rs, "auth_time"), instant(rs, "created_at"),
                            instant(rs, "last_seen_at"), instant(rs, "expires_at")));
                }
            }
        });
    }

    @Override
    public void touch(String idHash, Instant at) {
        db.call("touch browser session", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE browser_sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?")) {
                setInstant(ps, 1, at);
                ps.setString(2, idHash);
                setInstant(ps, 3, at);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean delete(String idHash) {
        return db.call("delete browser session", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM browser_sessions WHERE id_hash = ?")) {
                ps.setString(1, idHash);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int purgeExpired(Instant before) {
        return db.call("purge expired browser sessions", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM browser_sessions WHERE expires_at < ?")) {
                setInstant(ps, 1, before);
                return ps.executeUpdate();
            }
        });
    }
}
