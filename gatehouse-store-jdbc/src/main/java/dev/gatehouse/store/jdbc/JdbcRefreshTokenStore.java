package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Columns.instant;
import static dev.gatehouse.store.jdbc.Columns.setInstant;

import dev.gatehouse.core.refresh.RefreshToken;
import dev.gatehouse.core.refresh.RefreshTokenStore;
import dev.gatehouse.core.refresh.RotationResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

final class JdbcRefreshTokenStore implements RefreshTokenStore {
    private static final String COLUMNS = "token_hash, family_id, session_id, client_id, subject, scope, audience, "
            + "auth_time, issued_at, idle_expires_at, absolute_expires_at";
    private static final String LIVE = "rotated_at IS NULL AND revoked_at IS NULL "
            + "AND idle_expires_at > ? AND absolute_expires_at > ?";

    private static final String STATE = "rotated_at, revoked_at, successor_hash, sealed_successor";

    /** A row with the state the domain record does not carry. */
    private record Row(RefreshToken token, Instant rotatedAt, Instant revokedAt, String successorHash,
                       String sealedSuccessor) {
        boolean live(Instant now) {
            return rotatedAt == null && revokedAt == null && now.isBefore(token.expiresAt());
        }
    }

    private final JdbcTransactions db;

    JdbcRefreshTokenStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public void save(RefreshToken token) {
        db.call("save refresh token", c -> insert(c, token));
    }

    /**
     * The conditional UPDATE is the only arbiter between concurrent presenters of one token: the row lock
     * queues them, the loser re-evaluates the condition against the winner's committed row and matches
     * nothing, and only the winner stores a successor, in the same transaction. A loser, or a later
     * presenter, then reads the winner's committed row: within the grace period, and while the successor is
     * unused, it gets that successor back; else it is reuse.
     */
    @Override
    public RotationResult rotate(String presentedHash, RefreshToken next, String sealedNext, Duration gracePeriod,
                                 Instant now) {
        return db.atomically("rotate refresh token", c -> {
            int claimed;
            try (PreparedStatement ps = c.prepareStatement("UPDATE refresh_tokens SET rotated_at = ?, "
                    + "successor_hash = ?, sealed_successor = ? WHERE token_hash = ? AND " + LIVE)) {
                setInstant(ps, 1, now);
                ps.setString(2, next.tokenHash());
                ps.setString(3, sealedNext);
                ps.setString(4, presentedHash);
                setInstant(ps, 5, now);
                setInstant(ps, 6, now);
                claimed = ps.executeUpdate();
            }
            Row row = findRow(c, presentedHash);
            if (claimed == 1) {
                if (!row.token().familyId().equals(next.familyId())) {
                    throw new IllegalArgumentException("the next refresh token must belong to the presented one's family");
                }
                insert(c, next);
                return new RotationResult.Rotated(row.token());
            }
            if (row == null) {
                return new RotationResult.Rejected("unknown refresh token");
            }
            if (row.rotatedAt() != null) {
                return retry(c, row, gracePeriod, now);
            }
            if (row.revokedAt() != null) {
                return new RotationResult.Rejected("refresh token revoked");
            }
            return new RotationResult.Rejected("refresh token expired");
        });
    }

    private static RotationResult retry(Connection c, Row rotated, Duration gracePeriod, Instant now) throws SQLException {
        if (rotated.sealedSuccessor() != null && now.isBefore(rotated.rotatedAt().plus(gracePeriod))) {
            Row successor = findRow(c, rotated.successorHash());
            if (successor != null && successor.live(now)) {
                return new RotationResult.Retried(rotated.token(), successor.token(), rotated.sealedSuccessor());
            }
        }
        return new RotationResult.Reused(rotated.token());
    }

    @Override
    public Optional<RefreshToken> find(String tokenHash) {
        return db.call("find refresh token", c -> Optional.ofNullable(findRow(c, tokenHash)).map(Row::token));
    }

    @Override
    public Optional<RefreshToken> findActive(String tokenHash, Instant now) {
        return db.call("find refresh token", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", " + STATE + " "
                    + "FROM refresh_tokens WHERE token_hash = ? AND " + LIVE)) {
                ps.setString(1, tokenHash);
                setInstant(ps, 2, now);
                setInstant(ps, 3, now);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs).token()) : Optional.<RefreshToken>empty();
                }
            }
        });
    }

    @Override
    public int revokeFamily(String familyId, Instant at) {
        return revokeWhere("family_id", familyId, at);
    }

    @Override
    public int revokeSession(String sessionId, Instant at) {
        return revokeWhere("session_id", sessionId, at);
    }

    @Override
    public int revokeSubject(String subject, Instant at) {
        return revokeWhere("subject", subject, at);
    }

    @Override
    public int revokeClient(String clientId, Instant at) {
        return revokeWhere("client_id", clientId, at);
    }

    @Override
    public int revokeSubjectAtClient(String subject, String clientId, Instant at) {
        return db.call("revoke refresh tokens by subject and client", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE refresh_tokens SET revoked_at = ? WHERE subject = ? AND client_id = ? AND " + LIVE)) {
                setInstant(ps, 1, at);
                ps.setString(2, subject);
                ps.setString(3, clientId);
                setInstant(ps, 4, at);
                setInstant(ps, 5, at);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int purgeExpired(Instant before) {
        return db.call("purge refresh tokens", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE refresh_tokens SET sealed_successor = NULL "
                    + "WHERE sealed_successor IS NOT NULL AND rotated_at < ?")) {
                setInstant(ps, 1, before);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM refresh_tokens WHERE idle_expires_at < ? OR absolute_expires_at < ?")) {
                setInstant(ps, 1, before);
                setInstant(ps, 2, before);
                return ps.executeUpdate();
            }
        });
    }

    /** Only live tokens are marked: rotated ones stay recognisable as such, so replaying them is still reuse. */
    private int revokeWhere(String column, String value, Instant at) {
        return db.call("revoke refresh tokens by " + column, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE refresh_tokens SET revoked_at = ? WHERE " + column + " = ? AND " + LIVE)) {
                setInstant(ps, 1, at);
                ps.setString(2, value);
                setInstant(ps, 3, at);
                setInstant(ps, 4, at);
                return ps.executeUpdate();
            }
        });
    }

    private static int insert(Connection c, RefreshToken t) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO refresh_tokens (" + COLUMNS + ") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, t.tokenHash());
            ps.setString(2, t.familyId());
            ps.setString(3, t.sessionId());
            ps.setString(4, t.clientId());
            ps.setString(5, t.subject());
            ps.setString(6, t.scope());
            ps.setString(7, t.audience() == null ? null : Columns.words(t.audience()));
            setInstant(ps, 8, t.authTime());
            setInstant(ps, 9, t.issuedAt());
            setInstant(ps, 10, t.idleExpiresAt());
            setInstant(ps, 11, t.absoluteExpiresAt());
            return ps.executeUpdate();
        }
    }

    private static Row findRow(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", " + STATE + " "
                + "FROM refresh_tokens WHERE token_hash = ?")) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    private static Row read(ResultSet rs) throws SQLException {
        String audience = rs.getString("audience");
        RefreshToken token = new RefreshToken(rs.getString("token_hash"), rs.getString("family_id"),
                rs.getString("session_id"), rs.getString("client_id"), rs.getString("subject"), rs.getString("scope"),
                audience == null ? null : Columns.wordSet(audience), instant(rs, "auth_time"), instant(rs, "issued_at"),
                instant(rs, "idle_expires_at"), instant(rs, "absolute_expires_at"));
        return new Row(token, instant(rs, "rotated_at"), instant(rs, "revoked_at"), rs.getString("successor_hash"),
                rs.getString("sealed_successor"));
    }
}
