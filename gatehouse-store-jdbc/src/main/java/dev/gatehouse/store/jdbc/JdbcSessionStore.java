package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Columns.instant;
import static dev.gatehouse.store.jdbc.Columns.setInstant;

import dev.gatehouse.core.session.Session;
import dev.gatehouse.core.session.SessionStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class JdbcSessionStore implements SessionStore {
    private static final String COLUMNS = "id, subject, client_id, auth_time, created_at, last_used_at, expires_at, "
            + "ip_address, user_agent, revoked_at";

    private final JdbcTransactions db;

    JdbcSessionStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public void create(Session session) {
        db.call("create session", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sessions (" + COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, session.id());
                ps.setString(2, session.subject());
                ps.setString(3, session.clientId());
                setInstant(ps, 4, session.authTime());
                setInstant(ps, 5, session.createdAt());
                setInstant(ps, 6, session.lastUsedAt());
                setInstant(ps, 7, session.expiresAt());
                ps.setString(8, session.ipAddress());
                ps.setString(9, session.userAgent());
                setInstant(ps, 10, session.revokedAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Session> find(String id) {
        return db.call("find session", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sessions WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<Session>empty();
                }
            }
        });
    }

    @Override
    public List<Session> listActive(String subject, Instant now) {
        return db.call("list sessions", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sessions "
                    + "WHERE subject = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id")) {
                ps.setString(1, subject);
                setInstant(ps, 2, now);
                List<Session> sessions = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sessions.add(read(rs));
                    }
                }
                return sessions;
            }
        });
    }

    @Override
    public void touch(String id, Instant at) {
        db.call("touch session", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE sessions SET last_used_at = ? WHERE id = ?")) {
                setInstant(ps, 1, at);
                ps.setString(2, id);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return db.call("revoke session", c -> revokeOne(c, id, at));
    }

    @Override
    public List<String> revokeAll(String subject, Instant at) {
        return db.atomically("revoke sessions of subject",
                c -> revokeEach(c, liveIds(c, "subject = ?", subject, at), at));
    }

    @Override
    public List<String> revokeAllOfClient(String clientId, Instant at) {
        return db.atomically("revoke sessions of client",
                c -> revokeEach(c, liveIds(c, "client_id = ?", clientId, at), at));
    }

    private static List<String> liveIds(Connection c, String condition, String value, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sessions WHERE " + condition
                + " AND revoked_at IS NULL AND expires_at > ? ORDER BY id")) {
            ps.setString(1, value);
            setInstant(ps, 2, now);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    /** Each update is conditional, so a session revoked concurrently is not reported twice. */
    private static List<String> revokeEach(Connection c, List<String> ids, Instant at) throws SQLException {
        List<String> revoked = new ArrayList<>();
        for (String id : ids) {
            if (revokeOne(c, id, at)) {
                revoked.add(id);
            }
        }
        return revoked;
    }

    private static boolean revokeOne(Connection c, String id, Instant at) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            setInstant(ps, 1, at);
            ps.setString(2, id);
            return ps.executeUpdate() == 1;
        }
    }

    private static Session read(ResultSet rs) throws SQLException {
        return new Session(rs.getString("id"), rs.getString("subject"), rs.getString("client_id"),
                instant(rs, "auth_time"), instant(rs, "created_at"), instant(rs, "last_used_at"),
                instant(rs, "expires_at"), rs.getString("ip_address"), rs.getString("user_agent"),
                instant(rs, "revoked_at"));
    }
}
