package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Columns.instant;
import static dev.gatehouse.store.jdbc.Columns.setInstant;

import dev.gatehouse.core.logout.BackchannelDelivery;
import dev.gatehouse.core.logout.BackchannelLogoutStore;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class JdbcBackchannelLogoutStore implements BackchannelLogoutStore {
    private static final String COLUMNS = "id, client_id, session_id, subject, logout_uri, created_at, attempts, "
            + "next_attempt_at, claim, state, finished_at, last_error";
    private static final String PENDING = BackchannelDelivery.State.PENDING.value();

    private final JdbcTransactions db;

    JdbcBackchannelLogoutStore(JdbcTransactions db) {
        this.db = db;
    }

    /**
     * Insert-if-absent in one statement that both engines run; should two redemptions in one session race, the
     * loser's insert meets the primary key, and it is the loser's own savepoint that absorbs that, not the caller's
     * transaction.
     */
    @Override
    public void recordParticipant(String sessionId, String clientId) {
        db.call("record session participant", c -> {
            var savepoint = c.getAutoCommit() ? null : c.setSavepoint();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO session_participants (session_id, client_id) "
                    + "SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM session_participants WHERE session_id = ? AND client_id = ?)")) {
                ps.setString(1, sessionId);
                ps.setString(2, clientId);
                ps.setString(3, sessionId);
                ps.setString(4, clientId);
                return ps.executeUpdate();
            } catch (SQLException e) {
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                if (savepoint != null) {
                    c.rollback(savepoint);
                }
                return 0;
            }
        });
    }

    @Override
    public List<String> participants(String sessionId) {
        return db.call("list session participants", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT client_id FROM session_participants WHERE session_id = ? ORDER BY client_id")) {
                ps.setString(1, sessionId);
                List<String> clients = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        clients.add(rs.getString(1));
                    }
                }
                return clients;
            }
        });
    }

    @Override
    public void enqueue(BackchannelDelivery d) {
        db.call("queue back-channel logout", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO backchannel_logouts (" + COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, d.id());
                ps.setString(2, d.clientId());
                ps.setString(3, d.sessionId());
                ps.setString(4, d.subject());
                ps.setString(5, d.uri().toString());
                setInstant(ps, 6, d.createdAt());
                ps.setInt(7, d.attempts());
                setInstant(ps, 8, d.nextAttemptAt());
                ps.setString(9, d.claim());
                ps.setString(10, d.state().value());
                setInstant(ps, 11, d.finishedAt());
                ps.setString(12, d.lastError());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<BackchannelDelivery> claimDue(Instant now, Instant leaseUntil, String claim, int limit) {
        List<String> candidates = db.call("find due back-channel logouts", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM backchannel_logouts "
                    + "WHERE state = ? AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?")) {
                ps.setString(1, PENDING);
                setInstant(ps, 2, now);
                ps.setInt(3, limit);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
        List<BackchannelDelivery> claimed = new ArrayList<>();
        for (String id : candidates) {
            // each claim commits on its own: a row is this node's only once the update says so, and a
            // concurrent claimer re-reads the condition after the row lock and finds it no longer due
            db.call("claim back-channel logout", c -> {
                try (PreparedStatement ps = c.prepareStatement("UPDATE backchannel_logouts "
                        + "SET claim = ?, attempts = attempts + 1, next_attempt_at = ? "
                        + "WHERE id = ? AND state = ? AND next_attempt_at <= ?")) {
                    ps.setString(1, claim);
                    setInstant(ps, 2, leaseUntil);
                    ps.setString(3, id);
                    ps.setString(4, PENDING);
                    setInstant(ps, 5, now);
                    if (ps.executeUpdate() == 1) {
                        claimed.add(findOn(c, id));
                    }
                    return null;
                }
            });
        }
        return claimed;
    }

    @Override
    public boolean delivered(String id, String claim, Instant at) {
        return finish(id, claim, BackchannelDelivery.State.DELIVERED, at, null);
    }

    @Override
    public boolean givenUp(String id, String claim, Instant at, String error) {
        return finish(id, claim, BackchannelDelivery.State.GIVEN_UP, at, error);
    }

    @Override
    public boolean retryAt(String id, String claim, Instant nextAttemptAt, String error) {
        return db.call("reschedule back-channel logout", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE backchannel_logouts "
                    + "SET claim = NULL, next_attempt_at = ?, last_error = ? WHERE id = ? AND claim = ? AND state = ?")) {
                setInstant(ps, 1, nextAttemptAt);
                ps.setString(2, bounded(error));
                ps.setString(3, id);
                ps.setString(4, claim);
                ps.setString(5, PENDING);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private boolean finish(String id, String claim, BackchannelDelivery.State state, Instant at, String error) {
        return db.call("finish back-channel logout", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE backchannel_logouts "
                    + "SET claim = NULL, state = ?, finished_at = ?, last_error = COALESCE(?, last_error) "
                    + "WHERE id = ? AND claim = ? AND state = ?")) {
                ps.setString(1, state.value());
                setInstant(ps, 2, at);
                ps.setString(3, bounded(error));
                ps.setString(4, id);
                ps.setString(5, claim);
                ps.setString(6, PENDING);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public BackchannelDelivery find(String id) {
        return db.call("find back-channel logout", c -> findOn(c, id));
    }

    @Override
    public int purgeFinished(Instant before) {
        return db.atomically("purge back-channel logouts", c -> {
            try (PreparedStatement participants = c.prepareStatement("DELETE FROM session_participants "
                    + "WHERE session_id IN (SELECT id FROM sessions WHERE expires_at < ? OR revoked_at < ?)")) {
                setInstant(participants, 1, before);
                setInstant(participants, 2, before);
                participants.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM backchannel_logouts WHERE state <> ? AND finished_at < ?")) {
                ps.setString(1, PENDING);
                setInstant(ps, 2, before);
                return ps.executeUpdate();
            }
        });
    }

    private static BackchannelDelivery findOn(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM backchannel_logouts WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    private static BackchannelDelivery read(ResultSet rs) throws SQLException {
        return new BackchannelDelivery(rs.getString("id"), rs.getString("client_id"), rs.getString("session_id"),
                rs.getString("subject"), URI.create(rs.getString("logout_uri")), instant(rs, "created_at"),
                rs.getInt("attempts"), instant(rs, "next_attempt_at"), rs.getString("claim"),
                BackchannelDelivery.State.parse(rs.getString("state")), instant(rs, "finished_at"),
                rs.getString("last_error"));
    }

    private static String bounded(String error) {
        return error == null || error.length() <= 200 ? error : error.substring(0, 200);
    }
}
