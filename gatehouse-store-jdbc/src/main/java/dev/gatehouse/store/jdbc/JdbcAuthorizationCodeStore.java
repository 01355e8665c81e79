package dev.gatehouse.store.jdbc;

import static dev.gatehouse.store.jdbc.Columns.instant;
import static dev.gatehouse.store.jdbc.Columns.setInstant;

import dev.gatehouse.core.authorize.AuthorizationCode;
import dev.gatehouse.core.authorize.AuthorizationCodeStore;
import dev.gatehouse.core.authorize.IssuedTokens;
import dev.gatehouse.core.authorize.Redemption;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Authorization codes in the shared database, so that a code is redeemed once whichever node it reaches. */
final class JdbcAuthorizationCodeStore implements AuthorizationCodeStore {
    private static final String COLUMNS = "code_hash, client_id, redirect_uri, subject, session_id, scope, audience, "
            + "nonce, code_challenge, auth_time, issued_at, expires_at";
    private static final String STATE = "redeemed_at, refresh_family_id, access_token_jti, access_token_expires_at";

    /** A row with the state the domain record does not carry. */
    private record Row(AuthorizationCode code, Instant redeemedAt, IssuedTokens issued) {}

    private final JdbcTransactions db;

    JdbcAuthorizationCodeStore(JdbcTransactions db) {
        this.db = db;
    }

    @Override
    public void save(AuthorizationCode code) {
        db.call("save authorization code", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO authorization_codes (" + COLUMNS + ") "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, code.codeHash());
                ps.setString(2, code.clientId());
                ps.setString(3, code.redirectUri() == null ? null : code.redirectUri().toString());
                ps.setString(4, code.subject());
                ps.setString(5, code.sessionId());
                ps.setString(6, Columns.words(code.scopes()));
                ps.setString(7, Columns.words(code.audiences()));
                ps.setString(8, code.nonce());
                ps.setString(9, code.codeChallenge());
                setInstant(ps, 10, code.authTime());
                setInstant(ps, 11, code.issuedAt());
                setInstant(ps, 12, code.expiresAt());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public Optional<AuthorizationCode> find(String codeHash) {
        return db.call("find authorization code", c -> Optional.ofNullable(findRow(c, codeHash)).map(Row::code));
    }

    /**
     * The conditional UPDATE is the only arbiter between concurrent redemptions: the row lock queues them, a
     * loser re-evaluates the condition against the winner's committed row and matches nothing, and then reads
     * what the winner recorded in its transaction.
     */
    @Override
    public Redemption redeem(String codeHash, Instant now) {
        return db.atomically("redeem authorization code", c -> {
            int claimed;
            try (PreparedStatement ps = c.prepareStatement("UPDATE authorization_codes SET redeemed_at = ? "
                    + "WHERE code_hash = ? AND redeemed_at IS NULL AND expires_at > ?")) {
                setInstant(ps, 1, now);
                ps.setString(2, codeHash);
                setInstant(ps, 3, now);
                claimed = ps.executeUpdate();
            }
            Row row = findRow(c, codeHash);
            if (row == null) {
                return new Redemption.Unknown();
            }
            if (claimed == 1) {
                return new Redemption.Redeemed(row.code());
            }
            if (row.redeemedAt() != null) {
                return new Redemption.Replayed(row.code(), row.issued());
            }
            return new Redemption.Expired(row.code());
        });
    }

    @Override
    public void recordIssued(String codeHash, IssuedTokens issued) {
        db.call("record what an authorization code issued", c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE authorization_codes SET refresh_family_id = ?, "
                    + "access_token_jti = ?, access_token_expires_at = ? WHERE code_hash = ?")) {
                ps.setString(1, issued.refreshFamilyId());
                ps.setString(2, issued.accessTokenJti());
                setInstant(ps, 3, issued.accessTokenExpiresAt());
                ps.setString(4, codeHash);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int purgeExpired(Instant before) {
        return db.call("purge expired authorization codes", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM authorization_codes WHERE expires_at < ?")) {
                setInstant(ps, 1, before);
                return ps.executeUpdate();
            }
        });
    }

    private static Row findRow(Connection c, String codeHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + ", " + STATE
                + " FROM authorization_codes WHERE code_hash = ?")) {
            ps.setString(1, codeHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? read(rs) : null;
            }
        }
    }

    private static Row read(ResultSet rs) throws SQLException {
        String redirectUri = rs.getString("redirect_uri");
        AuthorizationCode code = new AuthorizationCode(rs.getString("code_hash"), rs.getString("client_id"),
                redirectUri == null ? null : URI.create(redirectUri), rs.getString("subject"),
                rs.getString("session_id"), Columns.wordSet(rs.getString("scope")),
                Columns.wordSet(rs.getString("audience")), rs.getString("nonce"), rs.getString("code_challenge"),
                instant(rs, "auth_time"), instant(rs, "issued_at"), instant(rs, "expires_at"));
        String jti = rs.getString("access_token_jti");
        IssuedTokens issued = jti == null ? null : new IssuedTokens(rs.getString("refresh_family_id"), jti,
                instant(rs, "access_token_expires_at"));
        return new Row(code, instant(rs, "redeemed_at"), issued);
    }
}
