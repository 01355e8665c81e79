package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Columns.instant;
import static dev.gatehouse.store.jdbc.Columns.setInstant;

import dev.gatehouse.client.revocation.RevocationEvent;
import dev.gatehouse.client.revocation.RevocationKind;
import dev.gatehouse.core.revocation.RevocationLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

final class JdbcRevocationLog implements RevocationLog {
    private final JdbcTransactions db;

    JdbcRevocationLog(JdbcTransactions db) {
        this.db = db;
    }

    /**
     * Incrementing the counter row first takes its row lock, which the appending transaction holds until it
     * ends: the next appender waits, then reads the committed value. Sequence order is therefore commit order
     * on every engine (a SEQUENCE or IDENTITY column would not give that), and a rollback releases its number.
     */
    @Override
    public RevocationEvent append(RevocationKind kind, String value, Instant issuedAt, Instant expiresAt) {
        return db.atomically("append revocation event", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE revocation_counter SET last_sequence = last_sequence + 1 WHERE id = 1")) {
                if (ps.executeUpdate() != 1) {
                    throw new StoreException("append revocation event failed: the counter row is missing");
                }
            }
            long sequence = readCounter(c);
            RevocationEvent event = new RevocationEvent(sequence, kind, value, Columns.stored(issuedAt),
                    Columns.stored(expiresAt));
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO revocation_log (seq, kind, match_value, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, sequence);
                ps.setString(2, kind.wireName());
                ps.setString(3, value);
                setInstant(ps, 4, issuedAt);
                setInstant(ps, 5, expiresAt);
                ps.executeUpdate();
            }
            return event;
        });
    }

    @Override
    public List<RevocationEvent> after(long afterSequence, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        return db.call("read revocation log", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, kind, match_value, issued_at, expires_at "
                    + "FROM revocation_log WHERE seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
                ps.setLong(1, afterSequence);
                ps.setInt(2, limit);
                List<RevocationEvent> events = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        events.add(new RevocationEvent(rs.getLong("seq"), RevocationKind.fromWireName(rs.getString("kind")),
                                rs.getString("match_value"), instant(rs, "issued_at"), instant(rs, "expires_at")));
                    }
                }
                return events;
            }
        });
    }

    /** From the counter, which purging does not lower. */
    @Override
    public long lastSequence() {
        return db.call("read revocation log", JdbcRevocationLog::readCounter);
    }

    @Override
    public long firstSequence() {
        return db.call("read revocation log", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT MIN(seq) FROM revocation_log");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Override
    public int purgeExpired(Instant before) {
        return db.call("purge revocation log", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM revocation_log WHERE expires_at < ?")) {
                setInstant(ps, 1, before);
                return ps.executeUpdate();
            }
        });
    }

    private static long readCounter(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT last_sequence FROM revocation_counter WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new StoreException("read revocation log failed: the counter row is missing");
            }
            return rs.getLong(1);
        }
    }
}
